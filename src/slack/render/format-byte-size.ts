/** Formats a byte count with decimal units (1 kB = 1,000 bytes), e.g. "512 B", "12.3 kB", "345 kB", "1.2 MB". */
export function formatByteSize(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;

  const units = ['kB', 'MB', 'GB', 'TB'];
  let value = bytes / 1000;
  let unitIndex = 0;
  // 999.5 and up would round to "1000", so it moves to the next unit.
  while (value >= 999.5 && unitIndex < units.length - 1) {
    value /= 1000;
    unitIndex += 1;
  }
  const rounded = value < 100 ? value.toFixed(1) : Math.round(value).toString();
  return `${rounded} ${units[unitIndex] ?? 'TB'}`;
}
