// ls's multi-column layout (fileutils 4.1): the most columns whose widths fit the line, names
// running down the columns (-C) or across them (-x), padded with tabs as ls does by default.

/** The minimum width of a column: one character and two spaces. */
const MIN_COLUMN_WIDTH = 3;

export interface Layout {
	rows: number;
	/** Width of each column, separator included (the last column's is its longest name). */
	widths: number[];
}

/** Picks the layout ls would: for n names of these display lengths, on a `lineLength` line. */
export function layout(lengths: readonly number[], lineLength: number, across: boolean): Layout {
	const n = lengths.length;
	const maxCols = Math.max(1, Math.min(n, Math.floor(lineLength / MIN_COLUMN_WIDTH)));
	// For each candidate column count, grow its column widths name by name (as ls does), noting
	// whether the total stays under the line length.
	let best: Layout = { rows: n, widths: [Math.max(0, ...lengths)] };
	for (let cols = maxCols; cols >= 1; cols--) {
		const rows = Math.ceil(n / cols);
		const widths = new Array<number>(cols).fill(MIN_COLUMN_WIDTH);
		let lineLen = cols * MIN_COLUMN_WIDTH;
		let fits = true;
		for (let i = 0; i < n; i++) {
			const col = across ? i % cols : Math.floor(i / rows);
			const real = lengths[i]! + (col === cols - 1 ? 0 : 2);
			if (real > widths[col]!) {
				lineLen += real - widths[col]!;
				widths[col] = real;
				fits = lineLen < lineLength;
			}
		}
		if (fits || cols === 1) {
			best = { rows: across ? Math.ceil(n / cols) : rows, widths };
			break;
		}
	}
	return best;
}

/** Spaces (or tabs, with a tab size) from column `from` to column `to`, as ls's indent(). */
export function indent(from: number, to: number, tabSize: number): string {
	let s = '';
	while (from < to) {
		if (tabSize > 0 && Math.floor(to / tabSize) > Math.floor((from + 1) / tabSize)) {
			s += '\t';
			from += tabSize - (from % tabSize);
		} else {
			s += ' ';
			from++;
		}
	}
	return s;
}

/**
 * Renders `cells` (already decorated strings) whose display lengths are `lengths` in columns.
 * Returns the lines with their newlines.
 */
export function columns(
	cells: readonly string[],
	lengths: readonly number[],
	lineLength: number,
	across: boolean,
	tabSize = 8
): string {
	const n = cells.length;
	if (n === 0) return '';
	const { rows, widths } = layout(lengths, lineLength, across);
	const cols = widths.length;
	let out = '';
	for (let r = 0; r < rows; r++) {
		let pos = 0;
		for (let c = 0; c < cols; c++) {
			const i = across ? r * cols + c : r + c * rows;
			if (i >= n) break;
			out += cells[i];
			const next = across ? i + 1 : i + rows;
			const lastInRow = across ? c === cols - 1 || next >= n : next >= n;
			if (lastInRow) break;
			out += indent(pos + lengths[i]!, pos + widths[c]!, tabSize);
			pos += widths[c]!;
		}
		out += '\n';
	}
	return out;
}
