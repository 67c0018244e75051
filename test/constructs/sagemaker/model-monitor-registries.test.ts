import {
  MODEL_MONITOR_REGISTRY_ACCOUNTS,
  REGIONS_WITHOUT_MODEL_MONITOR,
} from '../../../lib/constructs/sagemaker/model-monitor-registries';
import { TRITON_REGISTRY_ACCOUNTS } from '../../../lib/constructs/sagemaker/triton-registries';

// A region where the endpoint can run but its drift monitoring cannot would fail only at deploy time.
test('every region with a Triton image has a Model Monitor analyzer image, or is listed as having none', () => {
  const missing = Object.keys(TRITON_REGISTRY_ACCOUNTS).filter(
    (region) => !(region in MODEL_MONITOR_REGISTRY_ACCOUNTS),
  );
  expect(missing).toEqual([...REGIONS_WITHOUT_MODEL_MONITOR]);
});

test('a region listed as having no analyzer image really has none in the table', () => {
  for (const region of REGIONS_WITHOUT_MODEL_MONITOR) {
    expect(MODEL_MONITOR_REGISTRY_ACCOUNTS[region]).toBeUndefined();
  }
});

test('the analyzer images of the regions opened since 2021 come from their own registries', () => {
  expect(MODEL_MONITOR_REGISTRY_ACCOUNTS).toMatchObject({
    'ap-northeast-3': '990339680094',
    'ap-southeast-3': '669540362728',
    'il-central-1': '843974653677',
  });
});
