// Reverse incremental search through the history (^R), as readline does it: the query grows with
// each key, ^R finds the next older match, ^G gives up. Loaded the first time ^R is pressed.
import { vis, width, type Editor } from './line-editor.ts';

/** ^R at the prompt: search mode with an empty query. */
export function startSearch(ed: Editor): void {
	ed.search = { query: '', index: ed.host.history.length, failed: false, original: ed.buf };
	drawSearch(ed);
}

function searchPrompt(ed: Editor): string {
	const s = ed.search!;
	return `(${s.failed ? 'failed ' : ''}reverse-i-search)\`${s.query}': `;
}

function drawSearch(ed: Editor): void {
	ed.moveTo(0);
	ed.out += '\r\x1b[J';
	const p = searchPrompt(ed);
	ed.out += p + vis(ed.buf);
	ed.pos = width(p) + width(vis(ed.buf));
	ed.pending = ed.pos % ed.cols === 0 && ed.pos > 0;
	ed.drawn = ed.pos;
	const at = ed.search!.query ? ed.buf.indexOf(ed.search!.query) : ed.buf.length;
	ed.cur = Math.max(0, at);
	ed.moveTo(width(p) + width(vis(ed.buf.slice(0, ed.cur))));
}

function searchFrom(ed: Editor, start: number): void {
	const s = ed.search!;
	const h = ed.host.history;
	for (let i = Math.min(start, h.length - 1); i >= 0; i--) {
		if (h[i]!.includes(s.query)) {
			s.index = i;
			s.failed = false;
			ed.buf = h[i]!;
			return;
		}
	}
	s.failed = true;
	ed.bell();
}

/** Leaves search mode with the found line under the normal prompt. */
function endSearch(ed: Editor): void {
	const cur = ed.cur;
	ed.search = null;
	ed.moveTo(0);
	ed.out += '\r\x1b[J';
	ed.pos = 0;
	ed.pending = false;
	ed.drawn = 0;
	ed.redrawAll();
	ed.cur = cur;
	ed.placeCursor();
}

/** A key while searching; true when it was consumed. */
export function searchKey(ed: Editor, key: string): boolean {
	const s = ed.search!;
	if (key === '\x12') {
		searchFrom(ed, s.index - 1);
		drawSearch(ed);
		return true;
	}
	if (key === '\x07' || key === '\x03') {
		ed.buf = s.original;
		ed.cur = ed.buf.length;
		endSearch(ed);
		// ^G only leaves the search; ^C then also abandons the line.
		return key === '\x07';
	}
	if (key === '\x7f' || key === '\x08') {
		s.query = s.query.slice(0, -1);
		searchFrom(ed, ed.host.history.length - 1);
		if (!s.query) ed.buf = s.original;
		drawSearch(ed);
		return true;
	}
	if (key.length === 1 && key >= ' ' && key !== '\x7f') {
		s.query += key;
		searchFrom(ed, s.index >= 0 ? s.index : ed.host.history.length - 1);
		drawSearch(ed);
		return true;
	}
	endSearch(ed);
	return false;
}
