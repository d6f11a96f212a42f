import { ActionInputError } from './errors.js';

/** Reads a field such as `slug` or `workspace.slug` from an item; undefined when absent. */
export type FieldLookup<T> = (item: T, field: string) => unknown;

type Value = string | number | boolean | null;

type Expression =
  | { kind: 'and' | 'or'; left: Expression; right: Expression }
  | { kind: 'compare'; field: string; operator: string; value: Value }
  | { kind: 'in'; field: string; negated: boolean; values: Value[] };

const OPERATORS = ['!=', '!~', '>=', '<=', '=', '~', '>', '<'];

/** Limits that keep parsing and evaluation within the call stack. Real filters stay far below them. */
const MAX_CONDITIONS = 100;
const MAX_NESTING = 20;

/**
 * Compiles a query in the subset of Bitbucket's query language (BBQL) that lists can be filtered
 * by locally: `field op value` with = != ~ !~ > >= < <=, `IN (…)`, `NOT IN (…)`, AND, OR and
 * parentheses. Text without an operator matches items whose `textFields` contain it, ignoring
 * case. Throws ActionInputError naming `parameter` when the query cannot be read.
 */
export function compileLocalQuery<T>(
  query: string,
  lookup: FieldLookup<T>,
  textFields: string[],
  parameter = 'q',
): (item: T) => boolean {
  if (!/[=~<>"()]/.test(query)) {
    const needle = query.trim().toLowerCase();
    return (item) => textFields.some((field) => String(lookup(item, field) ?? '').toLowerCase().includes(needle));
  }

  let expression: Expression;
  try {
    expression = new QueryParser(tokenize(query)).parse();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ActionInputError([
      { parameter, message: `expected a query such as slug ~ "acme" AND administrator = true, got ${quoteShortened(query)} (${reason})` },
    ]);
  }
  return (item) => evaluate(expression, item, lookup);
}

/** Sorts by one field, descending when it starts with `-`; values that are absent sort last. */
export function sortByField<T>(items: T[], sort: string, lookup: FieldLookup<T>): T[] {
  const descending = sort.startsWith('-');
  const field = sort.replace(/^[-+]/, '');
  return [...items].sort((a, b) => {
    const left = lookup(a, field);
    const right = lookup(b, field);
    if (left === undefined || left === null) return right === undefined || right === null ? 0 : 1;
    if (right === undefined || right === null) return -1;
    const order = typeof left === 'number' && typeof right === 'number' ? left - right : String(left).localeCompare(String(right));
    return descending ? -order : order;
  });
}

function evaluate<T>(expression: Expression, item: T, lookup: FieldLookup<T>): boolean {
  switch (expression.kind) {
    case 'and':
      return evaluate(expression.left, item, lookup) && evaluate(expression.right, item, lookup);
    case 'or':
      return evaluate(expression.left, item, lookup) || evaluate(expression.right, item, lookup);
    case 'in': {
      const actual = lookup(item, expression.field) ?? null;
      const found = expression.values.some((value) => value === actual);
      return expression.negated ? !found : found;
    }
    case 'compare':
      return compare(lookup(item, expression.field) ?? null, expression.operator, expression.value);
  }
}

function compare(actual: unknown, operator: string, expected: Value): boolean {
  switch (operator) {
    case '=':
      return actual === expected;
    case '!=':
      return actual !== expected;
    case '~':
    case '!~': {
      const contains = String(actual ?? '').toLowerCase().includes(String(expected ?? '').toLowerCase());
      return operator === '~' ? contains : !contains;
    }
    default: {
      if (actual === null || expected === null) return false;
      const order =
        typeof actual === 'number' && typeof expected === 'number' ? actual - expected : String(actual).localeCompare(String(expected));
      if (operator === '>') return order > 0;
      if (operator === '>=') return order >= 0;
      if (operator === '<') return order < 0;
      return order <= 0;
    }
  }
}

type Token = { type: 'string'; text: string } | { type: 'word' | 'symbol'; text: string };

function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < query.length) {
    const rest = query.slice(index);
    const space = /^\s+/.exec(rest);
    if (space) {
      index += space[0].length;
      continue;
    }
    if (rest.startsWith('"')) {
      const match = /^"((?:[^"\\]|\\.)*)"/.exec(rest);
      if (!match) throw new Error('a string is missing its closing quote');
      tokens.push({ type: 'string', text: match[1]!.replace(/\\(.)/g, '$1') });
      index += match[0].length;
      continue;
    }
    const symbol = [...OPERATORS, '(', ')', ','].find((candidate) => rest.startsWith(candidate));
    if (symbol) {
      tokens.push({ type: 'symbol', text: symbol });
      index += symbol.length;
      continue;
    }
    const word = /^[^\s=!~<>(),"]+/.exec(rest);
    if (!word) throw new Error(`unexpected character ${JSON.stringify(rest[0])}`);
    tokens.push({ type: 'word', text: word[0] });
    index += word[0].length;
  }
  return tokens;
}

class QueryParser {
  private position = 0;
  private conditions = 0;
  private nesting = 0;

  constructor(private readonly tokens: Token[]) {}

  parse(): Expression {
    const expression = this.parseOr();
    if (this.position < this.tokens.length) throw new Error(`unexpected ${JSON.stringify(this.tokens[this.position]!.text)}`);
    return expression;
  }

  private parseOr(): Expression {
    let left = this.parseAnd();
    while (this.acceptKeyword('OR')) left = { kind: 'or', left, right: this.parseAnd() };
    return left;
  }

  private parseAnd(): Expression {
    let left = this.parsePrimary();
    while (this.acceptKeyword('AND')) left = { kind: 'and', left, right: this.parsePrimary() };
    return left;
  }

  private parsePrimary(): Expression {
    if (this.acceptSymbol('(')) {
      this.nesting += 1;
      if (this.nesting > MAX_NESTING) throw new Error(`parentheses may be nested at most ${MAX_NESTING} deep`);
      const inner = this.parseOr();
      this.expectSymbol(')');
      this.nesting -= 1;
      return inner;
    }

    this.conditions += 1;
    if (this.conditions > MAX_CONDITIONS) throw new Error(`a query may have at most ${MAX_CONDITIONS} conditions`);
    const field = this.next();
    if (field?.type !== 'word') throw new Error('expected a field name');

    const negated = this.acceptKeyword('NOT');
    if (this.acceptKeyword('IN')) {
      this.expectSymbol('(');
      const values = [this.parseValue()];
      while (this.acceptSymbol(',')) values.push(this.parseValue());
      this.expectSymbol(')');
      return { kind: 'in', field: field.text, negated, values };
    }
    if (negated) throw new Error('expected IN after NOT');

    const operator = this.next();
    if (operator?.type !== 'symbol' || !OPERATORS.includes(operator.text)) throw new Error(`expected an operator after ${field.text}`);
    return { kind: 'compare', field: field.text, operator: operator.text, value: this.parseValue() };
  }

  private parseValue(): Value {
    const token = this.next();
    if (!token) throw new Error('expected a value');
    if (token.type === 'string') return token.text;
    if (token.type === 'word') {
      if (token.text === 'true') return true;
      if (token.text === 'false') return false;
      if (token.text === 'null') return null;
      if (/^-?\d+(\.\d+)?$/.test(token.text)) return Number(token.text);
    }
    throw new Error(`expected a value in double quotes, a number, true, false or null, got ${token.text}`);
  }

  private next(): Token | undefined {
    const token = this.tokens[this.position];
    this.position += 1;
    return token;
  }

  private acceptKeyword(keyword: string): boolean {
    const token = this.tokens[this.position];
    if (token?.type === 'word' && token.text.toUpperCase() === keyword) {
      this.position += 1;
      return true;
    }
    return false;
  }

  private acceptSymbol(symbol: string): boolean {
    const token = this.tokens[this.position];
    if (token?.type === 'symbol' && token.text === symbol) {
      this.position += 1;
      return true;
    }
    return false;
  }

  private expectSymbol(symbol: string): void {
    if (!this.acceptSymbol(symbol)) throw new Error(`expected "${symbol}"`);
  }
}

/** Quotes a query for an error message, shortened so a huge one does not flood the reply. */
function quoteShortened(query: string): string {
  return JSON.stringify(query.length > 120 ? `${query.slice(0, 117)}...` : query);
}
