/**
 * Where AWS publishes the SageMaker Model Monitor analyzer image (the built-in data-quality
 * container): the ECR registry account per region. Source: the SageMaker Python SDK's
 * `image_uri_config/model-monitor.json` (ap-northeast-3, ap-southeast-3 and il-central-1 as in its
 * newer releases and its `test_model_monitor.py`), which names no tag (the SDK pulls the untagged image).
 */
export const MODEL_MONITOR_REPOSITORY = 'sagemaker-model-monitor-analyzer';

export const MODEL_MONITOR_REGISTRY_ACCOUNTS: Readonly<Record<string, string>> = {
  'af-south-1': '875698925577',
  'ap-east-1': '001633400207',
  'ap-northeast-1': '574779866223',
  'ap-northeast-2': '709848358524',
  'ap-northeast-3': '990339680094',
  'ap-south-1': '126357580389',
  'ap-southeast-1': '245545462676',
  'ap-southeast-2': '563025443158',
  'ap-southeast-3': '669540362728',
  'ca-central-1': '536280801234',
  'cn-north-1': '453000072557',
  'cn-northwest-1': '453252182341',
  'eu-central-1': '048819808253',
  'eu-north-1': '895015795356',
  'eu-south-1': '933208885752',
  'eu-west-1': '468650794304',
  'eu-west-2': '749857270468',
  'eu-west-3': '680080141114',
  'il-central-1': '843974653677',
  'me-south-1': '607024016150',
  'sa-east-1': '539772159869',
  'us-east-1': '156813124566',
  'us-east-2': '777275614652',
  'us-west-1': '890145073186',
  'us-west-2': '159807026194',
};

/**
 * Regions that have a Triton image but no Model Monitor analyzer image: the SageMaker Python SDK's
 * `model-monitor.json` lists no registry for them, so SageMaker offers no built-in analyzer there.
 * A monitored model in such a region fails at synth (or, region-agnostic, at deploy in the mapping).
 */
export const REGIONS_WITHOUT_MODEL_MONITOR: readonly string[] = ['ca-west-1'];
