// Takes two kinds of sequences out of a terminal's byte stream, across chunk boundaries: busybox
// ash's cursor-position query (ESC[6n, sent after each prompt), so no terminal answers it into the
// shell's input (pitfall 4), and the semantic-prompt marks of OSC 133 that the guest's PS1 wraps
// around each prompt (tools/x86/rootfs/etc/shrc), which are handed to the caller instead.

const ESC = 0x1b;
const BEL = 0x07;
const QUERY = [ESC, 0x5b, 0x36, 0x6e];
/** `ESC ] 133 ;` then the mark's text up to BEL (or ESC \). */
const MARK_START = [ESC, 0x5d, 0x31, 0x33, 0x33, 0x3b];
/** A longer "mark" is not one of ours: its bytes pass through. */
const MARK_MAX = 32;

export interface Filtered {
	/** The bytes for the terminal, without queries and marks. */
	bytes: Uint8Array;
	/** The text of each OSC 133 mark, in order: `D;0`, `B`. */
	marks: string[];
}

export class TerminalFilter {
	/** Bytes of a sequence that may still turn out to be a query or a mark. */
	private held: number[] = [];

	push(chunk: Uint8Array): Filtered {
		const out: number[] = [];
		const marks: string[] = [];
		for (const b of chunk) {
			this.take(b, out, marks);
		}
		return { bytes: Uint8Array.from(out), marks };
	}

	private take(b: number, out: number[], marks: string[]): void {
		const held = this.held;
		if (held.length === 0) {
			if (b === ESC) {
				held.push(b);
			} else {
				out.push(b);
			}
			return;
		}
		const n = held.length;
		if (n < MARK_START.length && b === MARK_START[n] && held.every((h, i) => h === MARK_START[i])) {
			held.push(b);
			return;
		}
		if (n < QUERY.length && b === QUERY[n] && held.every((h, i) => h === QUERY[i])) {
			held.push(b);
			if (held.length === QUERY.length) {
				this.held = [];
			}
			return;
		}
		if (n >= MARK_START.length) {
			// Inside a mark: its text ends at BEL or at ESC \ (the ESC is held as the text's last byte).
			const last = held[n - 1];
			if (b === BEL || (b === 0x5c && last === ESC)) {
				const text = held.slice(MARK_START.length, b === BEL ? n : n - 1);
				marks.push(String.fromCharCode(...text));
				this.held = [];
				return;
			}
			if (n - MARK_START.length < MARK_MAX && last !== ESC) {
				held.push(b);
				return;
			}
		}
		// Not ours after all: give back what was held, then look at b afresh.
		out.push(...held);
		this.held = [];
		this.take(b, out, marks);
	}

	/** Releases a partial sequence that no further byte completed (a lone ESC at the end of output). */
	flush(): Uint8Array {
		const out = Uint8Array.from(this.held);
		this.held = [];
		return out;
	}

	get holding(): boolean {
		return this.held.length > 0;
	}
}
