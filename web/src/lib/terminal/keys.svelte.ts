// Which terminal the touch key bar types into (the one focused last), and its sticky Ctrl key.

/** A terminal as the key bar sees it. */
export interface KeyTarget {
	/** Sends keys as if typed on the terminal. */
	send(data: string): void;
	focus(): void;
}

/** Ctrl+letter as the terminal sends it: `c` → `\x03`; other keys pass unchanged. */
export function withCtrl(data: string): string {
	if (data.length !== 1) return data;
	const code = data.toUpperCase().charCodeAt(0);
	// @ A-Z [ \ ] ^ _ map to 0-31, as on a VT100.
	return code >= 64 && code <= 95 ? String.fromCharCode(code - 64) : data;
}

class Keys {
	target = $state<KeyTarget | null>(null);
	/** The next key typed on a terminal goes with Ctrl. */
	ctrl = $state(false);

	/** Applies a pending Ctrl to keys from the on-screen keyboard. */
	apply(data: string): string {
		if (!this.ctrl) return data;
		this.ctrl = false;
		return withCtrl(data);
	}

	forget(target: KeyTarget): void {
		if (this.target === target) this.target = null;
	}
}

export const keys = new Keys();
