// A terminal's whole buffer as text, rendered exactly as the headless runner renders its
// transcript (`render` in core/runner.ts, not imported here because it pulls in @xterm/headless):
// every row up to the cursor's, right-trimmed, trailing empty rows dropped, one final newline.
// The e2e test that compares a page terminal with the runner's goldens reads terminals this way.
import type { IBuffer } from '@xterm/xterm';

export function renderBuffer(buf: IBuffer): string {
	const last = buf.baseY + buf.cursorY;
	const rows: string[] = [];
	for (let i = 0; i <= last; i++) {
		rows.push((buf.getLine(i)?.translateToString(true) ?? '').replace(/\s+$/, ''));
	}
	while (rows.length > 0 && rows[rows.length - 1] === '') rows.pop();
	return rows.join('\n') + '\n';
}
