import { parseDeploymentConfig } from '../../lib/config';
import { PROJECT_ROOT } from '../helpers/app';
import { churnYaml, yamlErrorOf } from './fixtures';

/** The LLM hosting rules as the loader reports them: YAML path, value, what is allowed, and the line. */

const LMI = "image: { lmi: '0.30.0' }";

test.each([
  [
    'a tensor parallel degree above the GPUs of the type',
    churnYaml(
      'sagemaker:',
      '  instanceType: ml.g5.2xlarge',
      `  ${LMI}`,
      '  llm: { tensorParallelDegree: 4 }',
    ),
    ' - models.churn.sagemaker.llm.tensorParallelDegree: 4 must be <= 1, the GPUs of ml.g5.2xlarge (line 11)',
  ],
  [
    'weights larger than the GPU memory of the tensor parallel group',
    churnYaml(
      'sagemaker:',
      '  instanceType: ml.g5.12xlarge',
      `  ${LMI}`,
      '  modelDataDownloadTimeoutSeconds: 1800',
      '  containerStartupHealthCheckTimeoutSeconds: 1800',
      '  llm: { weightsSizeGb: 60, tensorParallelDegree: 2 }',
    ),
    ' - models.churn.sagemaker.llm.weightsSizeGb: 60 GiB of weights do not fit the 48 GiB of GPU memory of 2 A10G GPU(s) of ml.g5.12xlarge, which also needs room for the KV cache: raise tensorParallelDegree (up to 4, 96 GiB) or choose a larger type',
  ],
  [
    'weights larger than every GPU of the type together',
    churnYaml(
      'sagemaker:',
      '  instanceType: ml.g6.xlarge',
      `  ${LMI}`,
      '  modelDataDownloadTimeoutSeconds: 600',
      '  containerStartupHealthCheckTimeoutSeconds: 600',
      '  llm: { weightsSizeGb: 30 }',
    ),
    'choose a type with more GPU memory, or quantized weights',
  ],
  [
    'large S3 weights with SageMaker’s own download timeout',
    churnYaml(
      'sagemaker:',
      '  instanceType: ml.g6e.12xlarge',
      `  ${LMI}`,
      '  containerStartupHealthCheckTimeoutSeconds: 900',
      '  llm: { weightsSizeGb: 40, tensorParallelDegree: 4 }',
    ),
    ' - models.churn.sagemaker.llm.weightsSizeGb: 40 needs sagemaker.modelDataDownloadTimeoutSeconds of at least 410: 40 GiB of weights take about 410 s to download from S3 at 100 MB/s (SageMaker accepts 60–3600) (line 12)',
  ],
  [
    'weights from the Hub with a startup timeout too short to download and load them',
    churnYaml(
      'sagemaker:',
      '  instanceType: ml.g6e.12xlarge',
      `  ${LMI}`,
      '  containerStartupHealthCheckTimeoutSeconds: 600',
      "  llm: { modelId: 'Qwen/Qwen2.5-14B-Instruct', weightsSizeGb: 30, tensorParallelDegree: 2 }",
    ),
    ' - models.churn.sagemaker.containerStartupHealthCheckTimeoutSeconds: 600 must be >= 616: 30 GiB of weights take about 616 s to download from the Hub and load into GPU memory at 100 MB/s',
  ],
  [
    'a startup health check shorter than LMI’s model loading timeout',
    churnYaml(
      'sagemaker:',
      '  instanceType: ml.g5.xlarge',
      `  ${LMI}`,
      '  containerStartupHealthCheckTimeoutSeconds: 600',
      '  llm: { modelLoadingTimeoutSeconds: 900 }',
    ),
    ' - models.churn.sagemaker.containerStartupHealthCheckTimeoutSeconds: 600 must be >= sagemaker.llm.modelLoadingTimeoutSeconds (900): SageMaker stops waiting for /ping before LMI stops loading',
  ],
  [
    'an LLM image on a CPU instance',
    churnYaml('sagemaker:', '  instanceType: ml.m5.large', "  image: { tgi: '2.0.2' }", '  llm: {}'),
    ' - models.churn.sagemaker.instanceType: ml.m5.large is not a GPU type of the g5, g6, g6e, p4d or p5 families, which the tgi image needs',
  ],
  [
    'an LLM image on a serverless endpoint',
    churnYaml('sagemaker:', '  variant: serverless', `  ${LMI}`, '  llm: {}'),
    ' - models.churn.sagemaker.variant: serverless endpoints have no GPU, which the lmi image needs: use variant instance (line 9)',
  ],
  [
    'LLM settings on the Triton image',
    churnYaml('sagemaker:', '  instanceType: ml.g5.xlarge', '  llm: { maxModelLength: 2048 }'),
    ' - models.churn.sagemaker.llm: is read by the LLM images: set sagemaker.image.lmi or sagemaker.image.tgi (or ecrUri for your own copy)',
  ],
  [
    'two images at once',
    churnYaml('sagemaker:', "  image: { lmi: '0.30.0', tgi: '2.0.2' }"),
    ' - models.churn.sagemaker.image: set only one of lmi and tgi',
  ],
  [
    'an unknown LMI release',
    churnYaml('sagemaker:', "  image: { lmi: '0.99.0' }"),
    ' - models.churn.sagemaker.image.lmi',
  ],
  [
    'a model id that is not a Hub id',
    churnYaml('sagemaker:', "  llm: { modelId: 'qwen' }"),
    ' - models.churn.sagemaker.llm.modelId: "qwen" must be a Hugging Face Hub id like Qwen/Qwen2.5-1.5B-Instruct',
  ],
])('%s', (_name, text, expected) => {
  expect(yamlErrorOf(text)).toContain(expected);
});

test('an environment region without the LMI image names the models that run it', () => {
  const text = churnYaml('sagemaker:', '  instanceType: ml.g5.xlarge', `  ${LMI}`).replace(
    '  dev: {}',
    '  dev: { region: ap-south-2 }',
  );
  expect(yamlErrorOf(text)).toContain(
    ' - environments.dev.region: "ap-south-2" has no Large Model Inference (LMI) image for SageMaker; regions with one: af-south-1,',
  );
  expect(yamlErrorOf(text)).toContain('models churn run it (sagemaker.image.lmi)');
});

test('a sample request of an LLM model must be a short chat prompt', () => {
  const text = churnYaml(
    'sagemaker:',
    '  instanceType: ml.g5.xlarge',
    `  ${LMI}`,
    '  llm: {}',
    '  sampleRequest: models/iris/sample-request.json',
  );
  expect(yamlErrorOf(text)).toContain(
    'is not a short chat completions request: "messages" must be a non-empty array of { role, content }',
  );
});

test('a small model on a single-GPU instance loads with the settings as typed', () => {
  const config = parseDeploymentConfig(
    churnYaml(
      'sagemaker:',
      '  instanceType: ml.g5.xlarge',
      `  ${LMI}`,
      '  llm: { weightsSizeGb: 1, tensorParallelDegree: 1, maxModelLength: 4096 }',
      '  sampleRequest: examples/llm/sample-request.json',
    ),
    'llm.yaml',
    { baseDir: PROJECT_ROOT },
  );
  const { sagemaker } = config.environments[0].models[0];
  expect(sagemaker.image).toEqual({ lmi: '0.30.0' });
  expect(sagemaker.llm).toEqual({ weightsSizeGb: 1, tensorParallelDegree: 1, maxModelLength: 4096 });
});
