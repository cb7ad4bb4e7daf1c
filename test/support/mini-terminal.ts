// A very small terminal for tests: enough of VT100 to replay what Ink's log-update writes (text,
// LF, CR, cursor up / next line / column, erase line / to end of line; SGR and private modes are
// ignored) and read back the screen as plain lines.

export const replay = (output: string, rows = 40, columns = 120): string[] => {
  const screen: string[][] = Array.from({length: rows}, () => []);
  let row = 0;
  let col = 0;
  const at = (r: number): string[] => screen[Math.max(0, Math.min(rows - 1, r))] as string[];
  for (let i = 0; i < output.length; i++) {
    const ch = output[i] as string;
    if (ch === '\u001b' && output[i + 1] === '[') {
      // eslint-disable-next-line no-control-regex
      const match = /^\u001b\[([?\d;]*)([A-Za-z])/.exec(output.slice(i));
      if (!match) continue;
      i += match[0].length - 1;
      const params = match[1] ?? '';
      const n = params === '' || params.startsWith('?') ? 1 : Math.max(1, Number(params));
      switch (match[2]) {
        case 'A':
          row = Math.max(0, row - n);
          break;
        case 'B':
          row = Math.min(rows - 1, row + n);
          break;
        case 'E':
          row = Math.min(rows - 1, row + n);
          col = 0;
          break;
        case 'G':
          col = params === '' ? 0 : n - 1;
          break;
        case 'K':
          if (params === '2') at(row).length = 0;
          else at(row).length = Math.min(at(row).length, col);
          break;
        default:
          break; // colours, cursor visibility, synchronized output
      }
      continue;
    }
    if (ch === '\n') {
      row = Math.min(rows - 1, row + 1);
      col = 0; // a pty's onlcr turns LF into CR LF
      continue;
    }
    if (ch === '\r') {
      col = 0;
      continue;
    }
    const line = at(row);
    while (line.length < col) line.push(' ');
    if (col < columns) line[col] = ch;
    col++;
  }
  const lines = screen.map((line) => line.join('').trimEnd());
  while (lines.length > 0 && lines.at(-1) === '') lines.pop();
  return lines;
};
