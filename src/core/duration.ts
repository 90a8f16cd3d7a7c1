/**
 * fail2ban time values ("600", "10m", "1d12h", "1year-6mo", "3600*24", "-1") -> seconds, without eval:
 * numbers with unit words, groups side by side are added, and + - * / with parentheses.
 */

const DAY = 24 * 60 * 60;
const YEAR = ((365 * 3 + 366) * DAY) / 4;

/** Unit words as fail2ban accepts them (case-insensitive); `m` is minutes, `mo` is months. */
const UNITS: ReadonlyMap<string, number> = new Map([
  ...words(['s', 'ss', 'se', 'sec', 'second', 'seconds'], 1),
  ...words(['m', 'mm', 'mi', 'min', 'minute', 'minutes'], 60),
  ...words(['h', 'hh', 'ho', 'hou', 'hour', 'hours'], 3600),
  ...words(['d', 'dd', 'da', 'day', 'days'], DAY),
  ...words(['w', 'ww', 'we', 'wee', 'week', 'weeks'], 7 * DAY),
  ...words(['mo', 'mon', 'month', 'months'], YEAR / 12),
  ...words(['y', 'yy', 'ye', 'yea', 'year', 'years'], YEAR),
]);

function words(names: readonly string[], seconds: number): [string, number][] {
  return names.map((name) => [name, seconds]);
}

type Token = { kind: 'num'; value: number } | { kind: 'unit'; value: number } | { kind: 'op'; value: string };

/** Seconds for a fail2ban time value, or null when it is not one. May be fractional or negative. */
export function parseDuration(text: string): number | null {
  const tokens = tokenize(text.toLowerCase());
  if (tokens === null || tokens.length === 0) return null;
  const parser = { tokens, pos: 0 };
  const value = parseSum(parser);
  if (value === null || parser.pos !== tokens.length || !Number.isFinite(value)) return null;
  return value;
}

function tokenize(text: string): Token[] | null {
  const tokens: Token[] = [];
  const re = /\s*(?:(\d+(?:\.\d*)?|\.\d+)|([a-z]+)|([-+*/()]))/y;
  let pos = 0;
  while (pos < text.length) {
    if (text.slice(pos).trim() === '') break;
    re.lastIndex = pos;
    const match = re.exec(text);
    if (match === null) return null;
    pos = re.lastIndex;
    if (match[1] !== undefined) tokens.push({ kind: 'num', value: Number(match[1]) });
    else if (match[3] !== undefined) tokens.push({ kind: 'op', value: match[3] });
    else {
      const unit = UNITS.get(match[2]);
      if (unit === undefined) return null;
      tokens.push({ kind: 'unit', value: unit });
    }
  }
  return tokens;
}

interface Parser {
  readonly tokens: readonly Token[];
  pos: number;
}

function peek(parser: Parser): Token | undefined {
  return parser.tokens[parser.pos];
}

function isOp(token: Token | undefined, ops: string): token is { kind: 'op'; value: string } {
  return token?.kind === 'op' && ops.includes(token.value);
}

/** sum := product ((+|-) product | product)* -- a number right after a group adds ("1d 12h"). */
function parseSum(parser: Parser): number | null {
  let total = parseProduct(parser);
  while (total !== null) {
    const next = peek(parser);
    if (isOp(next, '+-')) {
      parser.pos++;
      const right = parseProduct(parser);
      total = right === null ? null : next.value === '+' ? total + right : total - right;
    } else if (next?.kind === 'num') {
      const right = parseProduct(parser);
      total = right === null ? null : total + right;
    } else {
      break;
    }
  }
  return total;
}

function parseProduct(parser: Parser): number | null {
  let total = parseUnary(parser);
  while (total !== null) {
    const next = peek(parser);
    if (!isOp(next, '*/')) break;
    parser.pos++;
    const right = parseUnary(parser);
    total = right === null ? null : next.value === '*' ? total * right : total / right;
  }
  return total;
}

function parseUnary(parser: Parser): number | null {
  const next = peek(parser);
  if (isOp(next, '+-')) {
    parser.pos++;
    const value = parseUnary(parser);
    return value === null ? null : next.value === '-' ? -value : value;
  }
  return parsePrimary(parser);
}

function parsePrimary(parser: Parser): number | null {
  const next = peek(parser);
  parser.pos++;
  if (next?.kind === 'num') {
    const unit = peek(parser);
    if (unit?.kind !== 'unit') return next.value;
    parser.pos++;
    return next.value * unit.value;
  }
  if (isOp(next, '(')) {
    const value = parseSum(parser);
    if (value === null || !isOp(peek(parser), ')')) return null;
    parser.pos++;
    return value;
  }
  return null;
}
