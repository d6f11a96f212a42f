/** A word of the command: text between whitespace, or the inside of a quoted string. */
export interface CommandToken {
  value: string;
  /** True when the user quoted the word, so it is never read as a keyword such as `at`. */
  quoted: boolean;
}

/** The command text could not be split into words, e.g. because a quote was never closed. */
export class CommandSyntaxError extends Error {
  override readonly name = 'CommandSyntaxError';
}

/**
 * Quote characters that open a quoted word, mapped to the characters that may close it. Slack
 * clients replace straight quotes with typographic ones, and some insert the same curly quote at
 * both ends, so every double quote closes every double quote (likewise for single quotes).
 */
const CLOSING_QUOTES: Record<string, string> = {
  '"': '"“”',
  '“': '"“”',
  '”': '"“”',
  '„': '"“”',
  "'": "'‘’",
  '‘': "'‘’",
  '’': "'‘’",
};

const WHITESPACE = /\s/;

/**
 * Reads a command word by word, so that free text at the end (an issue title, a comment) can be
 * taken verbatim with its inner spacing, newlines and apostrophes.
 */
export class CommandCursor {
  private position = 0;

  constructor(private readonly text: string) {}

  /** Returns true when only whitespace is left. */
  isAtEnd(): boolean {
    return this.skipWhitespace(this.position) >= this.text.length;
  }

  /** Reads the next word, or returns undefined at the end. Throws CommandSyntaxError on an unclosed quote. */
  next(): CommandToken | undefined {
    const start = this.skipWhitespace(this.position);
    if (start >= this.text.length) {
      this.position = start;
      return undefined;
    }

    const closers = CLOSING_QUOTES[this.text.charAt(start)];
    if (closers !== undefined) return this.readQuoted(start, closers);

    let end = start;
    while (end < this.text.length && !WHITESPACE.test(this.text.charAt(end))) end += 1;
    this.position = end;
    return { value: this.text.slice(start, end), quoted: false };
  }

  /** Returns the next word without consuming it. */
  peek(): CommandToken | undefined {
    const saved = this.position;
    try {
      return this.next();
    } finally {
      this.position = saved;
    }
  }

  /**
   * Consumes and returns the rest of the text with its outer whitespace trimmed. When the rest is
   * one quoted string, the quotes are removed. Returns an empty string at the end.
   */
  rest(): string {
    return this.readRest().value;
  }

  /** Consumes the rest of the text like `rest`; `quoted` is true when it was one quoted string. */
  readRest(): CommandToken {
    const remaining = this.text.slice(this.position).trim();
    this.position = this.text.length;

    const inner = new CommandCursor(remaining);
    try {
      const token = inner.next();
      if (token?.quoted === true && inner.isAtEnd()) return token;
    } catch (error) {
      if (!(error instanceof CommandSyntaxError)) throw error;
    }
    return { value: remaining, quoted: false };
  }

  private readQuoted(start: number, closers: string): CommandToken {
    for (let index = start + 1; index < this.text.length; index += 1) {
      if (!closers.includes(this.text.charAt(index))) continue;

      const after = index + 1;
      if (after < this.text.length && !WHITESPACE.test(this.text.charAt(after))) continue;

      this.position = after;
      return { value: this.text.slice(start + 1, index), quoted: true };
    }
    const excerpt = this.text.slice(start, start + 30);
    throw new CommandSyntaxError(`Missing the closing quote in ${excerpt}: close the quote, or remove it.`);
  }

  private skipWhitespace(from: number): number {
    let index = from;
    while (index < this.text.length && WHITESPACE.test(this.text.charAt(index))) index += 1;
    return index;
  }
}
