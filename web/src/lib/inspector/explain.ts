// "Why was this denied?" in plain words, from the reason the kernel recorded at the refusal:
// which capability is missing from which set and which command removed it, or which context or
// ipv4root rule refused. Pure functions, so the words can be read without the page.
import type { SyscallEvent } from '@core/machine.ts';

type Reason = NonNullable<SyscallEvent['reason']>;

/** One explanation: a headline and the sentences under it. */
export interface Explanation {
	title: string;
	lines: string[];
}

const SETS: Record<NonNullable<Reason['set']>, string> = {
	bset: 'bounding set (cap_bset)',
	permitted: 'permitted set',
	effective: 'effective set'
};

/** The call as strace would print it, shortened: `ioctl(3, 0x8914, {...}) = -1 EPERM`. */
export function callText(e: SyscallEvent): string {
	const args = e.args.map((a) => (a.length > 40 ? a.slice(0, 37) + '...' : a)).join(', ');
	return `${e.name}(${args}) = ${e.result}${e.errno ? ' ' + e.errno : ''}`;
}

export function explain(e: SyscallEvent & { reason: Reason }): Explanation {
	const r = e.reason;
	const who = `${e.comm} (pid ${e.pid}, context ${e.ctx})`;
	const lines: string[] = [];
	let title: string;
	if (r.capability && r.set) {
		title = `${r.capability} is missing from the ${SETS[r.set]}`;
		if (r.set === 'bset') {
			lines.push(
				r.removedBy
					? `It was removed by \`${r.removedBy.command}\` (pid ${r.removedBy.pid}, in ${r.removedBy.call}). ` +
							`The bounding set only ever shrinks and is inherited, so no exec, setuid program or su can bring it back to ${e.comm}.`
					: `The boot bounding set never has it, so no process on this machine can hold it.`
			);
		} else if (r.set === 'permitted') {
			lines.push(
				`${e.comm} does not hold it: a process that is not root has no permitted capabilities, and root gets them back only from an exec while its bounding set still has them.`
			);
		} else {
			lines.push(
				`${e.comm} may hold it (it is permitted) but has not raised it into the effective set.`
			);
		}
	} else if (r.kind === 'capability') {
		title = 'A capability rule refused it';
	} else if (r.kind === 'context') {
		title = 'A security-context rule refused it';
	} else if (r.kind === 'ipv4root') {
		title = 'The ipv4root rule refused it';
	} else if (r.kind === 'mode') {
		title = 'The file’s permission bits refused it';
	} else if (r.kind === 'attribute') {
		title = 'A file attribute refused it';
	} else if (r.kind === 'limit') {
		title = 'A limit refused it';
	} else {
		title = 'The kernel refused it';
	}
	lines.unshift(`The kernel said: ${r.text}.`);
	lines.push(`Refused call: ${callText(e)}, made by ${who}.`);
	return { title, lines };
}
