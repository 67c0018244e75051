import { Stack, Stage } from 'aws-cdk-lib';
import { Annotations } from 'aws-cdk-lib/assertions';
import { SynthesisMessage } from 'aws-cdk-lib/cx-api';

/**
 * The annotations of a stack as its app's last synthesis reported them, synthesizing the app once if it never
 * was. `Annotations.fromStack` synthesizes the whole app again on every call (`synth({ force: true })`), every
 * validation plugin included, which costs seconds per call on a multi-stage app and reports the same messages.
 */
export function annotationsOf(stack: Stack): Annotations {
  const root = stack.node.root;
  if (!Stage.isStage(root)) throw new Error(`${stack.node.path} is not part of an app`);
  root.synth();
  // Stages nested in the app keep the assembly the app's synthesis made for them.
  const messages = Stage.of(stack)!.synth().getStackArtifact(stack.artifactId).messages;
  // The constructor `Annotations.fromStack` ends with, given the messages it would have read.
  const fromMessages = Annotations as unknown as new (messages: SynthesisMessage[]) => Annotations;
  return new fromMessages(messages);
}
