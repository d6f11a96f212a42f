/**
 * A small interpreter of BBQL, Bitbucket's `q` filter language, applied to the JSON objects the
 * fake returns. It supports comparisons with `= != ~ !~ > >= < <=`, `IN (…)`, `NOT IN (…)`,
 * `AND`, `OR` and parentheses, over dotted fields such as `project.key`.
 */
import { FakeHttpError } from './http-types.js';

type Value = string | number | boolean | null;
type Predicate = (item: unknown) => boolean;

interface Token {
  kind: 'word' | 'string' | 'operator' | 'paren' | 'comma';
  text: string;
}

/** Parses `q` into a predicate, or throws 400 with the parse problem. */
export function parseBbql(query: string): Predicate {
  const tokens = tokenize(query);
  let position = 0;

  const peek = (): Token | undefined => tokens[position];
  const next = (): Token => {
    const token = tokens[position];
    if (token === undefined) throw invalidQuery(query, 'unexpected end of query');
    position += 1;
    return token;
  };
  const isKeyword = (token: Token | undefined, keyword: string) =>
    token?.kind === 'word' && token.text.toUpperCase() === keyword;

  const parseValue = (): Value => {
    const token = next();
    if (token.kind === 'string') return token.text;
    if (token.kind !== 'word') throw invalidQuery(query, `expected a value, got ${token.text}`);
    if (token.text === 'null') return null;
    if (token.text === 'true' || token.text === 'false') return token.text === 'true';
    if (/^-?\d+(\.\d+)?$/.test(token.text)) return Number(token.text);
    // Unquoted ISO-8601 datetimes compare as strings, like the dates the fake returns.
    if (/^\d{4}-\d{2}-\d{2}/.test(token.text)) return token.text;
    throw invalidQuery(query, `string values need double quotes: ${token.text}`);
  };

  const parseComparison = (): Predicate => {
    const field = next();
    if (field.kind !== 'word') throw invalidQuery(query, `expected a field name, got ${field.text}`);

    const negated = isKeyword(peek(), 'NOT');
    if (negated) next();
    if (isKeyword(peek(), 'IN')) {
      next();
      const values = parseList();
      return (item) => values.some((value) => matchesEqual(readField(item, field.text), value)) !== negated;
    }
    if (negated) throw invalidQuery(query, 'NOT must be followed by IN');

    const operator = next();
    if (operator.kind !== 'operator') throw invalidQuery(query, `expected an operator after ${field.text}`);
    const value = parseValue();
    return (item) => compare(readField(item, field.text), operator.text, value);
  };

  const parseList = (): Value[] => {
    if (next().text !== '(') throw invalidQuery(query, 'IN needs a list in parentheses');
    const values = [parseValue()];
    while (peek()?.kind === 'comma') {
      next();
      values.push(parseValue());
    }
    if (next().text !== ')') throw invalidQuery(query, 'missing ) after the IN list');
    return values;
  };

  const parseFactor = (): Predicate => {
    if (peek()?.text === '(') {
      next();
      const inner = parseOr();
      if (next().text !== ')') throw invalidQuery(query, 'missing )');
      return inner;
    }
    return parseComparison();
  };

  const parseAnd = (): Predicate => {
    const parts = [parseFactor()];
    while (isKeyword(peek(), 'AND')) {
      next();
      parts.push(parseFactor());
    }
    return (item) => parts.every((part) => part(item));
  };

  const parseOr = (): Predicate => {
    const parts = [parseAnd()];
    while (isKeyword(peek(), 'OR')) {
      next();
      parts.push(parseAnd());
    }
    return (item) => parts.some((part) => part(item));
  };

  const predicate = parseOr();
  if (position !== tokens.length) throw invalidQuery(query, `unexpected ${tokens[position]?.text ?? ''}`);
  return predicate;
}

/**
 * Sorts by the dotted field of `sort`, descending when it starts with `-`; missing values go last.
 * `view` maps an item to the object whose fields are read.
 */
export function sortByField<T>(items: readonly T[], sort: string | null, view: (item: T) => unknown = (item) => item): T[] {
  if (sort === null || sort === '') return [...items];
  const descending = sort.startsWith('-');
  const field = descending ? sort.slice(1) : sort;

  return [...items].sort((left, right) => {
    const a = readField(view(left), field);
    const b = readField(view(right), field);
    if (a === undefined || a === null) return b === undefined || b === null ? 0 : 1;
    if (b === undefined || b === null) return -1;
    let order = 0;
    if (a < b) order = -1;
    else if (a > b) order = 1;
    return descending ? -order : order;
  });
}

function readField(item: unknown, field: string): unknown {
  let current: unknown = item;
  for (const part of field.split('.')) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

function matchesEqual(actual: unknown, expected: Value): boolean {
  if (expected === null) return actual === null || actual === undefined;
  return actual === expected;
}

function compare(actual: unknown, operator: string, expected: Value): boolean {
  switch (operator) {
    case '=':
      return matchesEqual(actual, expected);
    case '!=':
      return !matchesEqual(actual, expected);
    case '~':
    case '!~': {
      const contains = typeof actual === 'string' && actual.toLowerCase().includes(String(expected).toLowerCase());
      return operator === '~' ? contains : !contains;
    }
    default: {
      if (actual === null || actual === undefined || expected === null) return false;
      const a = actual as string | number;
      if (operator === '>') return a > expected;
      if (operator === '>=') return a >= expected;
      if (operator === '<') return a < expected;
      return a <= expected;
    }
  }
}

function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;

  while (index < query.length) {
    const char = query[index] ?? '';
    if (/\s/.test(char)) {
      index += 1;
    } else if (char === '"') {
      let text = '';
      index += 1;
      while (index < query.length && query[index] !== '"') {
        if (query[index] === '\\') index += 1;
        text += query[index] ?? '';
        index += 1;
      }
      if (index >= query.length) throw invalidQuery(query, 'unterminated string');
      index += 1;
      tokens.push({ kind: 'string', text });
    } else if (char === '(' || char === ')') {
      tokens.push({ kind: 'paren', text: char });
      index += 1;
    } else if (char === ',') {
      tokens.push({ kind: 'comma', text: char });
      index += 1;
    } else {
      const operator = /^(!=|!~|>=|<=|=|~|>|<)/.exec(query.slice(index));
      if (operator !== null) {
        tokens.push({ kind: 'operator', text: operator[0] });
        index += operator[0].length;
        continue;
      }
      const word = /^[A-Za-z0-9_.:+\-]+/.exec(query.slice(index));
      if (word === null) throw invalidQuery(query, `unexpected character ${char}`);
      tokens.push({ kind: 'word', text: word[0] });
      index += word[0].length;
    }
  }
  return tokens;
}

function invalidQuery(query: string, problem: string): FakeHttpError {
  return new FakeHttpError(400, `Invalid query: ${problem}`, { detail: { query } });
}
