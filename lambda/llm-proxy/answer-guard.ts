import type { GuardrailStreamMode } from '../../contract/llm-proxy';
import type { Guardrail, GuardrailVerdict } from './guardrail';

type Blocked = Extract<GuardrailVerdict, { outcome: 'blocked' | 'masked' }>;

/** What the client may be sent after a piece of answer arrived. */
export interface GuardStep {
  /** Answer text cleared for the client now (may be empty). */
  readonly release: string;
  /** Set when the answer must stop here. */
  readonly stop?: {
    readonly verdict: Blocked;
    /** The client was already sent text the guardrail refused (stream-first): it must discard the answer. */
    readonly retract: boolean;
  };
}

export interface AnswerGuardSettings {
  readonly chunkCharacters: number;
  readonly overlapCharacters: number;
  readonly mode: GuardrailStreamMode;
}

/**
 * Checks a streamed answer with the guardrail in chunks of `chunkCharacters`, each check carrying the last
 * `overlapCharacters` of the text before it so that a phrase split at a chunk boundary is still seen whole (the
 * NeMo Guardrails streaming scheme).
 *
 * - `check-first`: nothing reaches the client before the guardrail has seen it *and* the text after it: the last
 *   `overlapCharacters` of a checked chunk are held back until the next chunk's check (or the final one) passes.
 *   A mask (ANONYMIZE) therefore always replaces text the client has not seen yet.
 * - `stream-first`: text is released as it arrives and checked behind it, one check at a time; a check that blocks
 *   or masks stops the answer with a retraction, since the client has already seen the text.
 */
export class AnswerGuard {
  private held = '';
  private fresh = 0;
  private checkedContext = '';
  private pending = '';
  private checks: Promise<void> = Promise.resolve();
  private stopped: GuardStep['stop'];
  private failure: unknown;

  constructor(
    private readonly guardrail: Guardrail,
    private readonly settings: AnswerGuardSettings,
  ) {}

  async push(text: string): Promise<GuardStep> {
    if (this.settings.mode === 'stream-first') {
      this.throwIfFailed();
      if (this.stopped) return { release: '', stop: this.stopped };
      this.pending += text;
      if (this.pending.length >= this.settings.chunkCharacters) this.checkBehind();
      return { release: text };
    }
    this.held += text;
    this.fresh += text.length;
    if (this.fresh < this.settings.chunkCharacters) return { release: '' };
    return this.checkHeld(false);
  }

  /** The answer ended: check what is left and release it. */
  async finish(): Promise<GuardStep> {
    if (this.settings.mode === 'stream-first') {
      if (this.pending !== '') this.checkBehind();
      await this.checks;
      this.throwIfFailed();
      return { release: '', stop: this.stopped };
    }
    if (this.fresh === 0) {
      const release = this.held;
      this.held = '';
      return { release };
    }
    return this.checkHeld(true);
  }

  private async checkHeld(final: boolean): Promise<GuardStep> {
    const verdict = await this.guardrail.check(this.held, 'OUTPUT');
    if (verdict.outcome === 'blocked') return { release: '', stop: { verdict, retract: false } };
    const checked = verdict.outcome === 'masked' ? verdict.text : this.held;
    const keep = final ? 0 : Math.min(this.settings.overlapCharacters, checked.length);
    const cut = safeCut(checked, checked.length - keep);
    this.held = checked.slice(cut);
    this.fresh = 0;
    return { release: checked.slice(0, cut) };
  }

  private checkBehind(): void {
    const text = this.checkedContext + this.pending;
    this.pending = '';
    const overlap = this.settings.overlapCharacters;
    this.checkedContext = overlap === 0 ? '' : text.slice(safeCut(text, text.length - overlap));
    this.checks = this.checks.then(async () => {
      if (this.stopped || this.failure !== undefined) return;
      try {
        const verdict = await this.guardrail.check(text, 'OUTPUT');
        if (verdict.outcome !== 'pass') this.stopped = { verdict, retract: true };
      } catch (error) {
        this.failure = error;
      }
    });
  }

  private throwIfFailed(): void {
    if (this.failure !== undefined) throw this.failure;
  }
}

/** An index at or before `index` that does not split a UTF-16 surrogate pair. */
function safeCut(text: string, index: number): number {
  if (index <= 0) return 0;
  const code = text.charCodeAt(index - 1);
  return code >= 0xd800 && code <= 0xdbff ? index - 1 : index;
}
