import { spawnSync } from 'child_process';
import { createHash, randomUUID } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { AssetHashType } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';

/**
 * Code assets of this package's Lambda functions (the inference function, its pre-traffic hook, the
 * endpoint scaling guard), built with the local esbuild (no Docker).
 *
 * Each bundle is built once per content into a stable directory, `node_modules/.cache/ml-deploy-lambda/
 * <name>-<arch>-<hash>/` (the node_modules this package is installed in, or its own in a checkout), keyed by a
 * hash of exactly what goes into it: the files esbuild reads (the entry's import graph, from its metafile), the
 * esbuild version and options, the architecture and the ONNX Runtime files shipped beside the code. A README, a
 * test or any file the entry does not import leaves the hash, and so the deployed Lambda version, as it was.
 * Every function of every stack of every stage then points at the same directory with the same asset hash, so
 * one synth bundles at most once per architecture, a second synth (or another test process) not at all, and CDK
 * stages the asset once per cloud assembly.
 *
 * Which files a bundle reads is only known once esbuild has run, so each build records its inputs beside the
 * bundles, under a key of every file it could read (the entry's folder, contract/, the lock file). While those
 * are unchanged, the record gives the inputs without running esbuild; after a change elsewhere in the folder,
 * esbuild runs once to learn the inputs again, and finds the bundle already built when they are unchanged.
 *
 * The inference bundle ships ONNX Runtime as an installed node module holding only the target architecture's
 * native library (`bin/napi-v6/linux/<arch>`: about 25 MB on arm64, 45 MB on x86_64, where the npm package
 * carries every platform, 288 MB). Files are hard-linked from node_modules when the file system allows it.
 */

/**
 * Root of this package, whether this file runs from `lib/constructs` (TypeScript, in a checkout) or
 * `dist/lib/constructs` (compiled, installed): the nearest directory above that holds package.json and the Lambda
 * sources (`lambda/`), which the package ships as TypeScript.
 */
export const PACKAGE_ROOT = findPackageRoot(__dirname);

function findPackageRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'lambda'))) return dir;
    if (path.dirname(dir) === dir) {
      throw new Error(
        `Cannot find the Lambda sources (lambda/) of ml-deploy-cdk above ${from}; was the package bundled or installed without them?`,
      );
    }
  }
}

/** Sources the Lambda functions share with the library (contract/), bundled into them with their own code. */
const CONTRACT_DIR = path.join(PACKAGE_ROOT, 'contract');

/** Entry of the inference function (runtime code under lambda/, bundled, never imported). */
export const INFERENCE_ENTRY = path.join(PACKAGE_ROOT, 'lambda', 'inference', 'index.ts');
/** Entry of the BeforeAllowTraffic hook. */
export const PRE_TRAFFIC_HOOK_ENTRY = path.join(PACKAGE_ROOT, 'lambda', 'pre-traffic-hook', 'index.ts');
/** Entry of the custom resource that keeps endpoint autoscaling compatible with instance type changes. */
export const SCALING_GUARD_ENTRY = path.join(PACKAGE_ROOT, 'lambda', 'scaling-guard', 'index.ts');

/** Entry of the scheduled drift and quality job. */
export const DRIFT_JOB_ENTRY = path.join(PACKAGE_ROOT, 'lambda', 'drift-job', 'index.ts');

/** Entry of the chat proxy (OpenAI-compatible chat completions in front of a SageMaker LLM endpoint). */
export const LLM_PROXY_ENTRY = path.join(PACKAGE_ROOT, 'lambda', 'llm-proxy', 'index.ts');

/** Change when the bundle layout, the esbuild options or what the hash covers change, so bundles are rebuilt. */
const BUNDLE_FORMAT = 3;

/**
 * esbuild options shared by every bundle. `@aws-sdk/*` is provided by the Lambda Node.js runtime; ONNX Runtime is
 * a native module, shipped beside the bundle. `node20` keeps the bundle runnable on developer machines too.
 */
const ESBUILD_ARGS = [
  '--bundle',
  '--platform=node',
  '--target=node20',
  '--format=cjs',
  '--minify',
  '--legal-comments=none',
  '--log-level=warning',
  '--external:@aws-sdk/*',
  '--external:onnxruntime-node',
  '--external:onnxruntime-common',
  // The TypeScript settings the sources are written for, whatever tsconfig.json an installing app has.
  `--tsconfig-raw=${JSON.stringify({ compilerOptions: { strict: true, target: 'ES2022' } })}`,
];

/** A built bundle: a directory to deploy as is. */
export interface LambdaBundle {
  readonly dir: string;
  /** Content hash of the bundle's inputs; the asset hash. */
  readonly hash: string;
  /** Bytes of the bundled JavaScript (`index.js`). */
  readonly codeBytes: number;
  /** Bytes of every file in the bundle, unzipped. */
  readonly totalBytes: number;
}

export interface BundleOptions {
  /**
   * Directory that holds the built bundles.
   * @default `.cache/ml-deploy-lambda` in the node_modules this package is installed in (its own in a checkout),
   * or in the OS temporary directory when that is not writable
   */
  readonly cacheDir?: string;
}

interface CopiedFile {
  readonly from: string;
  /** Path inside the bundle. */
  readonly to: string;
}

interface BundleSpec {
  readonly name: string;
  readonly entry: string;
  /** Suffix of the cache directory name, e.g. the architecture. */
  readonly variant: string;
  readonly files: () => CopiedFile[];
}

const built = new Map<string, LambdaBundle>();
let buildCount = 0;

/** The inference function's bundle for one architecture, built on first use. */
export function inferenceBundle(
  architecture: lambda.Architecture,
  options: BundleOptions = {},
): LambdaBundle {
  const arch = nodeArch(architecture);
  return bundle(
    {
      name: 'inference',
      entry: INFERENCE_ENTRY,
      variant: architecture.name,
      files: () => onnxRuntimeFiles(arch),
    },
    options,
  );
}

/** The pre-traffic hook's bundle (pure JavaScript, any architecture). */
export function preTrafficHookBundle(options: BundleOptions = {}): LambdaBundle {
  return javaScriptBundle('pre-traffic-hook', PRE_TRAFFIC_HOOK_ENTRY, options);
}

/** The endpoint scaling guard's bundle (pure JavaScript, any architecture). */
export function scalingGuardBundle(options: BundleOptions = {}): LambdaBundle {
  return javaScriptBundle('endpoint-scaling-guard', SCALING_GUARD_ENTRY, options);
}

/** The bundle of one TypeScript entry with nothing beside it (pure JavaScript, any architecture). */
export function javaScriptBundle(name: string, entry: string, options: BundleOptions = {}): LambdaBundle {
  return bundle({ name, entry, variant: 'any', files: () => [] }, options);
}

/** A code asset of the endpoint scaling guard. */
export function scalingGuardCode(): lambda.Code {
  return codeOf(scalingGuardBundle());
}

/** A code asset of the inference function: one per function, all pointing at the shared bundle. */
export function inferenceCode(architecture: lambda.Architecture): lambda.Code {
  return codeOf(inferenceBundle(architecture));
}

/** A code asset of the pre-traffic hook. */
export function preTrafficHookCode(): lambda.Code {
  return codeOf(preTrafficHookBundle());
}

/** A code asset of the drift job (pure JavaScript, any architecture). */
export function driftJobCode(): lambda.Code {
  return codeOf(javaScriptBundle('drift-job', DRIFT_JOB_ENTRY));
}

/** A code asset of the chat proxy (pure JavaScript, any architecture). */
export function llmProxyCode(): lambda.Code {
  return codeOf(javaScriptBundle('llm-proxy', LLM_PROXY_ENTRY));
}

/** How many bundles this process has built (not found in the cache). */
export function bundlesBuilt(): number {
  return buildCount;
}

function codeOf(result: LambdaBundle): lambda.Code {
  return lambda.Code.fromAsset(result.dir, { assetHash: result.hash, assetHashType: AssetHashType.CUSTOM });
}

function bundle(spec: BundleSpec, options: BundleOptions): LambdaBundle {
  const cacheDir = path.resolve(options.cacheDir ?? defaultCacheDir());
  const memoKey = `${cacheDir}\u0000${spec.name}\u0000${spec.variant}\u0000${spec.entry}`;
  const memo = built.get(memoKey);
  if (memo) return memo;

  const files = spec.files();
  const recordFile = path.join(
    cacheDir,
    `${spec.name}-${spec.variant}-${candidateHash(spec).slice(0, 16)}.inputs.json`,
  );
  let staged: string | undefined;
  try {
    let inputs = readInputRecord(recordFile);
    if (!inputs) {
      staged = stagingDir(cacheDir, spec);
      inputs = runEsbuild(spec.entry, staged);
      writeInputRecord(recordFile, inputs);
    }
    // Marks the record as in use, so that pruning (below) leaves it alone.
    touch(recordFile);
    const hash = bundleHash(spec, inputs, files);
    const dir = path.join(cacheDir, `${spec.name}-${spec.variant}-${hash.slice(0, 16)}`);
    if (fs.existsSync(dir)) {
      touch(dir);
    } else {
      if (!staged) {
        staged = stagingDir(cacheDir, spec);
        runEsbuild(spec.entry, staged);
      }
      build(spec, files, staged, dir);
    }
    const result = { dir, hash, ...sizes(dir) };
    built.set(memoKey, result);
    return result;
  } finally {
    if (staged) fs.rmSync(staged, { recursive: true, force: true });
  }
}

function touch(file: string): void {
  const now = new Date();
  fs.utimesSync(file, now, now);
}

/** A private directory to build in, renamed into place when complete: a bundle directory is complete or absent. */
function stagingDir(cacheDir: string, spec: BundleSpec): string {
  const staging = path.join(cacheDir, `${spec.name}-${spec.variant}.${process.pid}.${randomUUID()}.tmp`);
  fs.mkdirSync(staging, { recursive: true });
  return staging;
}

/** Adds the files shipped beside the code to the staged bundle and moves it into place. */
function build(spec: BundleSpec, files: CopiedFile[], staging: string, dir: string): void {
  for (const file of files) linkOrCopy(file.from, path.join(staging, file.to));
  buildCount++;
  try {
    fs.renameSync(staging, dir);
  } catch (error) {
    // Another process finished the same bundle first; its copy is identical.
    if (!fs.existsSync(dir)) throw error;
  }
  pruneStale(path.dirname(dir), `${spec.name}-${spec.variant}-`, [path.basename(dir)]);
}

/**
 * Bundles the entry into `<dir>/index.js` and returns the files esbuild read, relative to the package root (the
 * `inputs` of its metafile), so that the hash is the same wherever the package is checked out.
 */
function runEsbuild(entry: string, dir: string): string[] {
  const binary = path.join(path.dirname(require.resolve('esbuild/package.json')), 'bin', 'esbuild');
  const metafile = `${dir}.meta.json`;
  try {
    const run = spawnSync(
      binary,
      [entry, ...ESBUILD_ARGS, `--outfile=${path.join(dir, 'index.js')}`, `--metafile=${metafile}`],
      { cwd: PACKAGE_ROOT, encoding: 'utf8' },
    );
    if (run.error || run.status !== 0) {
      throw new Error(
        `esbuild could not bundle ${entry}: ${run.error?.message ?? run.stderr.trim() ?? `exit code ${run.status}`}`,
      );
    }
    const { inputs } = JSON.parse(fs.readFileSync(metafile, 'utf8')) as { inputs: Record<string, unknown> };
    return Object.keys(inputs).sort();
  } finally {
    fs.rmSync(metafile, { force: true });
  }
}

function readInputRecord(file: string): string[] | undefined {
  try {
    const inputs: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
    return Array.isArray(inputs) && inputs.every((input) => typeof input === 'string') ? inputs : undefined;
  } catch {
    return undefined;
  }
}

/** Written to a private file and renamed into place, so a reader sees a whole record or none. */
function writeInputRecord(file: string, inputs: string[]): void {
  const staging = `${file}.${process.pid}.${randomUUID()}.tmp`;
  fs.writeFileSync(staging, JSON.stringify(inputs));
  fs.renameSync(staging, file);
}

function hasher(): { add: (label: string, value: string | Buffer) => void; digest: () => string } {
  const hash = createHash('sha256');
  return {
    add: (label, value) => hash.update(`${label}\u0000`).update(value).update('\u0000'),
    digest: () => hash.digest('hex'),
  };
}

/** The bundle's content: the files esbuild read, how it was run, and the files shipped beside the code. */
function bundleHash(spec: BundleSpec, inputs: string[], files: CopiedFile[]): string {
  const { add, digest } = hasher();
  add('format', String(BUNDLE_FORMAT));
  add('variant', spec.variant);
  add('esbuild', `${packageVersion('esbuild')} ${ESBUILD_ARGS.join(' ')}`);
  for (const input of inputs) {
    const file = path.resolve(PACKAGE_ROOT, input);
    // Inputs that are not files (esbuild namespaces such as `(disabled):fs`) count by name.
    add(`input ${input}`, fs.existsSync(file) ? fs.readFileSync(file) : '');
  }
  // The shipped native library is chosen by the variant; its package versions and file sizes tell builds apart.
  if (files.length > 0) {
    for (const name of ['onnxruntime-node', 'onnxruntime-common'])
      add(`package ${name}`, packageVersion(name));
  }
  for (const file of files) add(`file ${file.to}`, `${fs.statSync(file.from).size}`);
  return digest();
}

/**
 * Every file the entry could read: its folder, contract/, and the lock file or installed dependency versions.
 * It keys the record of what esbuild did read, never the bundle itself.
 */
function candidateHash(spec: BundleSpec): string {
  const { add, digest } = hasher();
  add('format', String(BUNDLE_FORMAT));
  add('esbuild', `${packageVersion('esbuild')} ${ESBUILD_ARGS.join(' ')}`);
  add('entry', path.relative(PACKAGE_ROOT, spec.entry));
  const sourceDir = path.dirname(spec.entry);
  for (const file of listFiles(sourceDir)) add(`source ${file}`, fs.readFileSync(path.join(sourceDir, file)));
  for (const file of listFiles(CONTRACT_DIR))
    add(`contract ${file}`, fs.readFileSync(path.join(CONTRACT_DIR, file)));
  // The lock file pins every bundled package in a checkout; an installed package has none, but pins its
  // dependencies exactly, so its manifest and the versions actually installed stand in for it.
  const lockFile = path.join(PACKAGE_ROOT, 'package-lock.json');
  if (fs.existsSync(lockFile)) {
    add('lock', fs.readFileSync(lockFile));
  } else {
    const manifest = fs.readFileSync(path.join(PACKAGE_ROOT, 'package.json'));
    add('manifest', manifest);
    const { dependencies = {} } = JSON.parse(manifest.toString('utf8')) as {
      dependencies?: Record<string, string>;
    };
    for (const name of Object.keys(dependencies).sort()) add(`dependency ${name}`, installedVersion(name));
  }
  return digest();
}

/** ONNX Runtime for Node with the Linux native library of one architecture, and its JavaScript API package. */
function onnxRuntimeFiles(arch: 'arm64' | 'x64'): CopiedFile[] {
  const ortDir = packageDir('onnxruntime-node');
  const binDir = path.join(ortDir, 'bin', 'napi-v6', 'linux', arch);
  if (!fs.existsSync(path.join(binDir, 'onnxruntime_binding.node'))) {
    throw new Error(
      `onnxruntime-node has no Linux ${arch} binary in ${binDir}; reinstall it (npm ci) with ONNXRUNTIME_NODE_INSTALL=skip`,
    );
  }
  const commonDir = packageDir('onnxruntime-common');
  const pick = (dir: string, target: string, keep: (file: string) => boolean): CopiedFile[] =>
    listFiles(dir)
      .filter(keep)
      .map((file) => ({ from: path.join(dir, file), to: path.posix.join(target, file) }));
  const js = (file: string) => file.endsWith('.js') && !file.includes('/');
  return [
    { from: path.join(ortDir, 'package.json'), to: 'node_modules/onnxruntime-node/package.json' },
    ...pick(path.join(ortDir, 'dist'), 'node_modules/onnxruntime-node/dist', js),
    ...pick(binDir, `node_modules/onnxruntime-node/bin/napi-v6/linux/${arch}`, () => true),
    { from: path.join(commonDir, 'package.json'), to: 'node_modules/onnxruntime-common/package.json' },
    ...pick(
      path.join(commonDir, 'dist', 'cjs'),
      'node_modules/onnxruntime-common/dist/cjs',
      (file) => file.endsWith('.js') || file === 'package.json',
    ),
  ];
}

function linkOrCopy(from: string, to: string): void {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  try {
    fs.linkSync(from, to);
  } catch {
    fs.copyFileSync(from, to);
  }
}

/** Removes bundles and input records of the same name and variant that nothing has used for a day. */
function pruneStale(cacheDir: string, prefix: string, keep: string[]): void {
  const dayAgo = Date.now() - 24 * 3600 * 1000;
  for (const entry of fs.readdirSync(cacheDir)) {
    const dir = path.join(cacheDir, entry);
    if (keep.includes(entry) || !entry.startsWith(prefix) || entry.endsWith('.tmp')) continue;
    if (fs.statSync(dir).mtimeMs < dayAgo) fs.rmSync(dir, { recursive: true, force: true });
  }
}

function sizes(dir: string): { codeBytes: number; totalBytes: number } {
  const totalBytes = listFiles(dir).reduce((sum, file) => sum + fs.statSync(path.join(dir, file)).size, 0);
  return { codeBytes: fs.statSync(path.join(dir, 'index.js')).size, totalBytes };
}

/** Files under a directory, as sorted POSIX paths relative to it. */
function listFiles(dir: string, prefix = ''): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory()) return listFiles(path.join(dir, entry.name), relative);
      return entry.isFile() ? [relative] : [];
    })
    .sort();
}

function nodeArch(architecture: lambda.Architecture): 'arm64' | 'x64' {
  if (architecture.name === lambda.Architecture.ARM_64.name) return 'arm64';
  if (architecture.name === lambda.Architecture.X86_64.name) return 'x64';
  throw new Error(`Unsupported Lambda architecture ${architecture.name}; use arm64 or x86_64`);
}

/**
 * The directory of a dependency as Node resolves it from this package: its own node_modules, then those of the
 * app it is installed in. Looks for package.json on the search path, since some packages do not export it.
 */
function findPackageDir(name: string): string | undefined {
  const searched = require.resolve.paths(name) ?? [];
  return [path.join(PACKAGE_ROOT, 'node_modules'), ...searched]
    .map((dir) => path.join(dir, name))
    .find((dir) => fs.existsSync(path.join(dir, 'package.json')));
}

function packageDir(name: string): string {
  const found = findPackageDir(name);
  if (!found) throw new Error(`Cannot find the ${name} package from ${PACKAGE_ROOT}; run npm ci`);
  return found;
}

function packageVersion(name: string): string {
  return (
    JSON.parse(fs.readFileSync(path.join(packageDir(name), 'package.json'), 'utf8')) as { version: string }
  ).version;
}

function installedVersion(name: string): string {
  return findPackageDir(name) ? packageVersion(name) : 'missing';
}

/**
 * `.cache/ml-deploy-lambda` in the app's node_modules (the outermost one above this package, when installed),
 * else in the package's own node_modules (a checkout), else in the OS temporary directory (read-only installs).
 */
function defaultCacheDir(): string {
  const parts = PACKAGE_ROOT.split(path.sep);
  const outermost = parts.indexOf('node_modules');
  const nodeModules =
    outermost > 0 ? parts.slice(0, outermost + 1).join(path.sep) : path.join(PACKAGE_ROOT, 'node_modules');
  const preferred = path.join(nodeModules, '.cache', 'ml-deploy-lambda');
  return writableDir(preferred) ? preferred : path.join(os.tmpdir(), 'ml-deploy-lambda');
}

function writableDir(dir: string): boolean {
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.accessSync(dir, fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
}
