// Columns and rows of the terminal, updated on resize. Falls back to 100×30 where the stream has
// no size (pipes, the test renderer).

import {useEffect, useState} from 'react';
import {useStdout} from 'ink';

export type TerminalSize = {readonly columns: number; readonly rows: number};

const read = (stream: NodeJS.WriteStream): TerminalSize => ({
  columns: stream.columns > 0 ? stream.columns : 100,
  rows: stream.rows > 0 ? stream.rows : 30,
});

export function useTerminalSize(): TerminalSize {
  const {stdout} = useStdout();
  const [size, setSize] = useState(() => read(stdout));
  useEffect(() => {
    const onResize = () => setSize(read(stdout));
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout]);
  return size;
}
