// The command lines a README shows: every line of its ```sh blocks (without the trailing comment)
// and every inline `code` span that is a command of this project (npm, npx, node, also after sudo
// and env).
// A command that is one part of a longer one shown (`npm install` inside
// `npm install && npm start`) is run as part of that one, so it is not listed on its own.

const COMMAND = /^(sudo\s+)?(env\s+("[^"]*"|\S+)\s+)?(npm|npx|node)\s+\S/;

export function readmeCommands(markdown: string): string[] {
  const found: string[] = [];
  const fenced = /```(?:sh|bash|shell)\n([\s\S]*?)```/g;
  for (const block of markdown.matchAll(fenced)) {
    for (const line of block[1].split('\n')) {
      const command = line.replace(/\s+#\s.*$/, '').trim();
      if (command) found.push(command);
    }
  }
  const prose = markdown.replace(fenced, '');
  for (const span of prose.matchAll(/`([^`\n]+)`/g)) {
    const command = span[1].trim();
    if (COMMAND.test(command)) found.push(command);
  }
  const unique = [...new Set(found)];
  const parts = (c: string) => c.split(/\s*&&\s*/);
  return unique.filter((c) => !unique.some((other) => other !== c && parts(other).length > 1 && parts(other).includes(c)));
}
