/**
 * Turns PayloadPart bytes into complete text lines. SageMaker gives no guarantee that a part ends at a line, a JSON
 * object or even a UTF-8 character ("Invoke real-time endpoints", streaming:
 * https://docs.aws.amazon.com/sagemaker/latest/dg/realtime-endpoints-test-endpoints.html), so bytes are decoded
 * in streaming mode and a line is only handed out once its newline has arrived.
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
