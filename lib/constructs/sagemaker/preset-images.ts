import { LMI_REGISTRY, TGI_REGISTRY, TRITON_REGISTRY } from './container-image';
import { LMI_TAGS, TGI_TAGS } from './llm-registries';
import { RegionalRegistry } from './regional-image';

/** An AWS-published image named by release in the config (`sagemaker.image.triton`, `.lmi` or `.tgi`). */
export interface PresetImage {
  /** The key of `sagemaker.image` that names it. */
  readonly key: 'triton' | 'lmi' | 'tgi';
  readonly registry: RegionalRegistry;
  readonly tag: string;
}

/**
 * The preset image of the settings, with its registry and tag as the constructs resolve them; undefined for an
 * `ecrUri` image or a release the tables do not know (the schema refuses those).
 */
export function presetImageOf(image: {
  readonly triton?: string;
  readonly lmi?: string;
  readonly tgi?: string;
}): PresetImage | undefined {
  if (image.triton !== undefined)
    return { key: 'triton', registry: TRITON_REGISTRY, tag: `${image.triton}-py3` };
  if (image.lmi !== undefined && image.lmi in LMI_TAGS)
    return { key: 'lmi', registry: LMI_REGISTRY, tag: LMI_TAGS[image.lmi as keyof typeof LMI_TAGS] };
  if (image.tgi !== undefined && image.tgi in TGI_TAGS)
    return { key: 'tgi', registry: TGI_REGISTRY, tag: TGI_TAGS[image.tgi as keyof typeof TGI_TAGS] };
  return undefined;
}
