import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import { INFERENCE_ENV, POWERTOOLS_ENV, PRE_TRAFFIC_HOOK_ENV } from '../../contract/environment';
import * as metrics from '../../contract/metrics';

/**
 * The names both sides of the system must agree on are written once, in contract/: a metric name or namespace, or
 * an environment variable name, spelled out anywhere else in shipped code is a second copy a rename would miss.
 */

const ROOT = path.join(__dirname, '..', '..');
/** Shipped code outside contract/: the library, its tools and the deployed functions. */
const SCANNED = ['lib', 'lambda', 'bin'];

const ENV_NAMES = new Set<string>(
  [INFERENCE_ENV, POWERTOOLS_ENV, PRE_TRAFFIC_HOOK_ENV].flatMap((names) => Object.values(names)),
);
const METRIC_NAMES = new Set<string>(
  Object.values(metrics).flatMap((value) =>
    typeof value === 'string' ? [value] : typeof value === 'object' ? Object.values(value) : [],
  ),
);
// The dimension name is too common a word to police; it is defined in contract/metrics.ts all the same.
METRIC_NAMES.delete(metrics.HANDLER_SERVICE_DIMENSION);

interface Finding {
  readonly line: number;
  readonly text: string;
}

/**
 * Where a source spells out a known name: as a string literal ('ModelLatency', `MODEL_NAME`), as a property
 * read (process.env.MODEL_NAME) or as an object key ({ MODEL_NAME: … }). Comments and longer strings that merely
 * contain a name (messages, labels) are not copies of it.
 */
function spelledOutNames(fileName: string, source: string): Finding[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true);
  const findings: Finding[] = [];
  const report = (node: ts.Node) =>
    findings.push({
      line: file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1,
      text: node.getText(file),
    });
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
      if (ENV_NAMES.has(node.text) || METRIC_NAMES.has(node.text)) report(node);
    } else if (ts.isPropertyAccessExpression(node) && ENV_NAMES.has(node.name.text)) {
      report(node);
    } else if (
      (ts.isPropertyAssignment(node) || ts.isShorthandPropertyAssignment(node)) &&
      ts.isIdentifier(node.name) &&
      ENV_NAMES.has(node.name.text)
    ) {
      report(node.name);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return findings;
}

function sourcesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourcesUnder(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

describe('the names both sides agree on', () => {
  test('are known: the scan looks for every metric, namespace and environment variable name', () => {
    expect([...ENV_NAMES]).toEqual(
      expect.arrayContaining(['MODEL_NAME', 'SAMPLE_REQUEST', 'POWERTOOLS_METRICS_NAMESPACE']),
    );
    expect([...METRIC_NAMES]).toEqual(
      expect.arrayContaining([
        'ModelLatency',
        'CPUUtilization',
        'InternalErrors',
        'ProvisionedConcurrencyUtilization',
        'SageMakerVariantInvocationsPerInstance',
        'AWS/SageMaker',
        '/aws/sagemaker/Endpoints',
        'AWS/Lambda',
        'MlDeploy/Inference',
      ]),
    );
  });

  test('are spelled out nowhere in lib/, lambda/ or bin/: they are imported from contract/', () => {
    const copies = SCANNED.flatMap((dir) => sourcesUnder(path.join(ROOT, dir))).flatMap((file) =>
      spelledOutNames(file, fs.readFileSync(file, 'utf8')).map(
        ({ line, text }) => `${path.relative(ROOT, file)}:${line} ${text}`,
      ),
    );
    expect(copies).toEqual([]);
  });

  test('the scan finds a literal metric name, an environment variable read and an environment key', () => {
    const source = [
      "// 'ModelLatency' in a comment is not a copy",
      "const latency = metric('ModelLatency');",
      'const name = process.env.MODEL_NAME;',
      "const env = { SAMPLE_REQUEST: request, other: 'MODEL_VERSION is shown in messages' };",
      'const namespace = `AWS/Lambda`;',
    ].join('\n');
    expect(spelledOutNames('example.ts', source)).toEqual([
      { line: 2, text: "'ModelLatency'" },
      { line: 3, text: 'process.env.MODEL_NAME' },
      { line: 4, text: 'SAMPLE_REQUEST' },
      { line: 5, text: '`AWS/Lambda`' },
    ]);
  });
});
