/**
 * Turns PayloadPart bytes into complete text lines. A PayloadPart usually holds whole lines, but nothing guarantees it
 * ("Elevating the generative AI experience: Introducing streaming support in Amazon SageMaker hosting",
 * https://aws.amazon.com/blogs/machine-learning/elevating-the-generative-ai-experience-introducing-streaming-support-in-amazon-sagemaker-hosting/),
 * and a part may also end inside a UTF-8 character, so bytes are decoded in streaming mode and a line is only handed
 * out once its newline has arrived.
 */
export class LineSplitter {
  private readonly decoder = new TextDecoder('utf-8');
  private pending = '';

  /** The lines completed by these bytes, without their line endings. */
  push(bytes: Uint8Array): string[] {
    this.pending += this.decoder.decode(bytes, { stream: true });
    const lines = this.pending.split('\n');
    this.pending = lines.pop() ?? '';
    return lines.map(stripCarriageReturn);
  }

  /** The last line, when the stream ended without a newline. */
  end(): string[] {
    this.pending += this.decoder.decode();
    const last = stripCarriageReturn(this.pending);
    this.pending = '';
    return last === '' ? [] : [last];
  }
}

function stripCarriageReturn(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}
