// Removes busybox ash's cursor-position query (ESC[6n, sent after each prompt) from a terminal's byte
// stream, across chunk boundaries, so no terminal answers it into the shell's input (pitfall 4).

const QUERY = [0x1b, 0x5b, 0x36, 0x6e];

export class QueryStripper {
	/** How many bytes of QUERY the previous chunk ended with. */
	private held = 0;

	push(chunk: Uint8Array): Uint8Array {
		const out: number[] = [];
		for (const b of chunk) {
			if (b === QUERY[this.held]) {
				this.held++;
				if (this.held === QUERY.length) {
					this.held = 0;
				}
				continue;
			}
			// Not the query after all: give back what was held, then look at b afresh.
			for (let i = 0; i < this.held; i++) {
				out.push(QUERY[i] as number);
			}
			this.held = 0;
			if (b === QUERY[0]) {
				this.held = 1;
			} else {
				out.push(b);
			}
		}
		return Uint8Array.from(out);
	}

	/** Releases a partial match that no further byte completed (a lone ESC at the end of output). */
	flush(): Uint8Array {
		const out = Uint8Array.from(QUERY.slice(0, this.held));
		this.held = 0;
		return out;
	}

	get holding(): boolean {
		return this.held > 0;
	}
}
