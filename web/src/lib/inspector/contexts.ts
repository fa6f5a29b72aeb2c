// How the inspector names and colours a security context: 0 the host, 1 the spectator, N a vserver.
import type { KernelSnapshot } from '@core/machine.ts';

type ContextView = KernelSnapshot['contexts'][number];

/** `host`, `spectator` or `vserver`. */
export function contextKind(id: number): 'host' | 'spectator' | 'vserver' {
	return id === 0 ? 'host' : id === 1 ? 'spectator' : 'vserver';
}

/** A heading such as `Context 0 · host · main` or `Context 3 · vserver · web`. */
export function contextTitle(id: number, view: ContextView | undefined): string {
	const kind = contextKind(id);
	return kind === 'spectator'
		? 'Context 1 · spectator (sees all)'
		: `Context ${id} · ${kind} · ${view?.hostname ?? '?'}`;
}

/** A hue per context: the host and the spectator fixed, vservers spread around the wheel. */
export function contextHue(id: number): number {
	if (id === 0) return 210;
	if (id === 1) return 270;
	return (30 + (id - 2) * 67) % 360;
}

/** The low 32 bits of a 16-hex-digit capability set. */
export function capWord(hex: string): number {
	return parseInt(hex.slice(-8), 16) >>> 0;
}
