/**
 * aws-cdk-lib prints the validation report of every synthesis that has findings to stderr, warnings included
 * (e.g. an annotation warning of a construct), ending with "A copy of this report can be found in: …". The
 * suites read the same findings from the assembly (Annotations, the report file) and assert on them, so this
 * setup file keeps the printed copies out of the test output. Any other console output still reaches it, and a
 * report of errors still fails its synth with the report as the exception's message.
 */
const REPORT_END = /A copy of this report can be found in: \S+validation-report\.json\s*$/;
const printError = console.error.bind(console);
console.error = (...args: unknown[]) => {
  if (args.length === 1 && typeof args[0] === 'string' && REPORT_END.test(args[0])) return;
  printError(...args);
};
