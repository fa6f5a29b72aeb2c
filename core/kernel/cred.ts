// Credentials and capability sets: the 2.4 set*id rules with cap_emulate_setxuid, capabilities
// across exec (compute_creds, masked by the per-process cap_bset), capget and capset.
import { errno, type Errno } from './errno.ts';
import type { Kernel } from './kernel.ts';
import { CAP_FULL, type Process } from './process.ts';
import { CAP_FS_MASK, CAP_SETGID, CAP_SETPCAP, CAP_SETUID, capNames, requireCap } from './caps.ts';

/** 2.4 NGROUPS: the most supplementary groups a process may carry. */
export const NGROUPS = 32;

/** -1 (or its unsigned twin) leaves an id unchanged in setreuid/setresuid and friends. */
const keep = (id: number): boolean => id === -1 || id === 0xffffffff;

/** Ids must fit uid_t; 2.4's 32-bit ids refuse nothing else here but negatives. */
const badId = (id: number): boolean => !Number.isInteger(id) || id < 0 || id > 0xfffffffe;

/**
 * 2.4 cap_emulate_setxuid: leaving uid 0 in all three ids clears the permitted and effective sets;
 * an effective uid leaving 0 clears the effective set; returning to euid 0 restores it from the
 * permitted set (which cap_bset already bounds).
 */
export function capEmulateSetxuid(
	p: Process,
	oldRuid: number,
	oldEuid: number,
	oldSuid: number
): void {
	const c = p.creds;
	if (
		(oldRuid === 0 || oldEuid === 0 || oldSuid === 0) &&
		c.uid !== 0 &&
		c.euid !== 0 &&
		c.suid !== 0
	) {
		p.caps.prm = 0;
		p.caps.eff = 0;
	}
	if (oldEuid === 0 && c.euid !== 0) p.caps.eff = 0;
	if (oldEuid !== 0 && c.euid === 0) p.caps.eff = p.caps.prm;
}

function refuse(k: Kernel, p: Process, what: string, cap: number): Errno {
	requireCap(k, p, cap, what);
	return errno('EPERM');
}

/** setuid(2): with CAP_SETUID all three ids change; without, only to the real or saved uid. */
export function setuid(k: Kernel, p: Process, uid: number): 0 | Errno {
	if (badId(uid)) return errno('EINVAL');
	const c = p.creds;
	const [r, e, s] = [c.uid, c.euid, c.suid];
	if (p.capable(CAP_SETUID)) c.uid = c.suid = uid;
	else if (uid !== c.uid && uid !== c.suid) {
		return refuse(k, p, `setuid(${uid}) to a uid other than the real or saved one`, CAP_SETUID);
	}
	c.euid = c.fsuid = uid;
	capEmulateSetxuid(p, r, e, s);
	return 0;
}

/** setreuid(2), 2.4 rules: the saved uid follows the effective one when the real uid is set. */
export function setreuid(k: Kernel, p: Process, ruid: number, euid: number): 0 | Errno {
	if ((!keep(ruid) && badId(ruid)) || (!keep(euid) && badId(euid))) return errno('EINVAL');
	const c = p.creds;
	const [r, e, s] = [c.uid, c.euid, c.suid];
	const priv = p.capable(CAP_SETUID);
	let newR = r;
	let newE = e;
	if (!keep(ruid)) {
		if (ruid !== r && ruid !== e && !priv) {
			return refuse(k, p, `setreuid: real uid ${ruid}`, CAP_SETUID);
		}
		newR = ruid;
	}
	if (!keep(euid)) {
		if (euid !== r && euid !== e && euid !== s && !priv) {
			return refuse(k, p, `setreuid: effective uid ${euid}`, CAP_SETUID);
		}
		newE = euid;
	}
	c.uid = newR;
	c.euid = c.fsuid = newE;
	if (!keep(ruid) || (!keep(euid) && euid !== r)) c.suid = newE;
	capEmulateSetxuid(p, r, e, s);
	return 0;
}

/** setresuid(2): without CAP_SETUID each new id must be one of the current three. */
export function setresuid(
	k: Kernel,
	p: Process,
	ruid: number,
	euid: number,
	suid: number
): 0 | Errno {
	for (const id of [ruid, euid, suid]) if (!keep(id) && badId(id)) return errno('EINVAL');
	const c = p.creds;
	const [r, e, s] = [c.uid, c.euid, c.suid];
	if (!p.capable(CAP_SETUID)) {
		for (const id of [ruid, euid, suid]) {
			if (!keep(id) && id !== r && id !== e && id !== s) {
				return refuse(k, p, `setresuid to uid ${id}`, CAP_SETUID);
			}
		}
	}
	if (!keep(ruid)) c.uid = ruid;
	if (!keep(euid)) c.euid = euid;
	c.fsuid = c.euid;
	if (!keep(suid)) c.suid = suid;
	capEmulateSetxuid(p, r, e, s);
	return 0;
}

/**
 * setfsuid(2): never fails, returns the old fsuid; a refused change is silent. Leaving fsuid 0
 * drops the file-system capabilities from the effective set, returning restores them.
 */
export function setfsuid(k: Kernel, p: Process, uid: number): number {
	const c = p.creds;
	const old = c.fsuid;
	if (!badId(uid)) {
		if (
			uid === c.uid ||
			uid === c.euid ||
			uid === c.suid ||
			uid === c.fsuid ||
			p.capable(CAP_SETUID)
		) {
			c.fsuid = uid;
		} else requireCap(k, p, CAP_SETUID, `setfsuid(${uid})`);
	}
	if (old === 0 && c.fsuid !== 0) p.caps.eff = (p.caps.eff & ~CAP_FS_MASK) >>> 0;
	if (old !== 0 && c.fsuid === 0) p.caps.eff = (p.caps.eff | (p.caps.prm & CAP_FS_MASK)) >>> 0;
	return old;
}

export function setgid(k: Kernel, p: Process, gid: number): 0 | Errno {
	if (badId(gid)) return errno('EINVAL');
	const c = p.creds;
	if (p.capable(CAP_SETGID)) c.gid = c.egid = c.sgid = c.fsgid = gid;
	else if (gid === c.gid || gid === c.sgid) c.egid = c.fsgid = gid;
	else return refuse(k, p, `setgid(${gid}) to a gid other than the real or saved one`, CAP_SETGID);
	return 0;
}

export function setregid(k: Kernel, p: Process, rgid: number, egid: number): 0 | Errno {
	if ((!keep(rgid) && badId(rgid)) || (!keep(egid) && badId(egid))) return errno('EINVAL');
	const c = p.creds;
	const priv = p.capable(CAP_SETGID);
	let newR = c.gid;
	let newE = c.egid;
	if (!keep(rgid)) {
		if (rgid !== c.gid && rgid !== c.egid && !priv) {
			return refuse(k, p, `setregid: real gid ${rgid}`, CAP_SETGID);
		}
		newR = rgid;
	}
	if (!keep(egid)) {
		if (egid !== c.gid && egid !== c.egid && egid !== c.sgid && !priv) {
			return refuse(k, p, `setregid: effective gid ${egid}`, CAP_SETGID);
		}
		newE = egid;
	}
	if (!keep(rgid) || (!keep(egid) && egid !== c.gid)) c.sgid = newE;
	c.gid = newR;
	c.egid = c.fsgid = newE;
	return 0;
}

export function setresgid(
	k: Kernel,
	p: Process,
	rgid: number,
	egid: number,
	sgid: number
): 0 | Errno {
	for (const id of [rgid, egid, sgid]) if (!keep(id) && badId(id)) return errno('EINVAL');
	const c = p.creds;
	if (!p.capable(CAP_SETGID)) {
		for (const id of [rgid, egid, sgid]) {
			if (!keep(id) && id !== c.gid && id !== c.egid && id !== c.sgid) {
				return refuse(k, p, `setresgid to gid ${id}`, CAP_SETGID);
			}
		}
	}
	if (!keep(rgid)) c.gid = rgid;
	if (!keep(egid)) c.egid = egid;
	c.fsgid = c.egid;
	if (!keep(sgid)) c.sgid = sgid;
	return 0;
}

/** setfsgid(2): like setfsuid, without capability fix-ups. */
export function setfsgid(k: Kernel, p: Process, gid: number): number {
	const c = p.creds;
	const old = c.fsgid;
	if (!badId(gid)) {
		if (
			gid === c.gid ||
			gid === c.egid ||
			gid === c.sgid ||
			gid === c.fsgid ||
			p.capable(CAP_SETGID)
		) {
			c.fsgid = gid;
		} else requireCap(k, p, CAP_SETGID, `setfsgid(${gid})`);
	}
	return old;
}

export function setgroups(k: Kernel, p: Process, groups: readonly number[]): 0 | Errno {
	if (!requireCap(k, p, CAP_SETGID, 'setgroups')) return errno('EPERM');
	if (groups.length > NGROUPS) return errno('EINVAL');
	if (groups.some(badId)) return errno('EINVAL');
	p.creds.groups = [...groups];
	return 0;
}

/**
 * Linux 2.4 compute_creds at exec: a root exec (euid 0, or real uid 0) gets full file sets, so
 * the new permitted set is (fP & cap_bset) | (fI & pI); the effective set is the permitted one
 * when the file's effective bit is set (euid 0). The ctx patch's per-process cap_bset bounds all
 * of it, setuid-root included: that is what makes a vserver's root weaker.
 */
export function capsOnExec(p: Process): void {
	const root = p.creds.euid === 0 || p.creds.uid === 0;
	const fP = root ? CAP_FULL : 0;
	const fI = root ? CAP_FULL : 0;
	const fE = p.creds.euid === 0;
	const bset = p.caps.bset;
	const prm = (((fP & bset) | (fI & p.caps.inh)) & bset) >>> 0;
	p.caps.prm = prm;
	p.caps.eff = fE ? prm : 0;
	// SIMPLIFIED: 2.4 keeps pI across exec; it is already within cap_bset (capset and
	// new_s_context keep it there), and the mask makes that an invariant rather than a hope.
	p.caps.inh = (p.caps.inh & bset) >>> 0;
}

export interface CapData {
	effective: number;
	permitted: number;
	inheritable: number;
}

/** capget(2) of `target` (the caller resolves pids and visibility). */
export function capget(target: Process): CapData {
	return {
		effective: target.caps.eff >>> 0,
		permitted: target.caps.prm >>> 0,
		inheritable: target.caps.inh >>> 0
	};
}

const subset = (a: number, b: number): boolean => ((a >>> 0) & ~(b >>> 0)) === 0;

/**
 * capset(2), 2.4 rules: another process's sets need CAP_SETPCAP (never in a boot bounding set);
 * the inheritable set may only gain bits the caller holds in its permitted set, the permitted
 * set may only shrink, the effective set must lie within the new permitted set. The ctx patch:
 * nothing above cap_bset.
 */
export function capset(k: Kernel, p: Process, target: Process, d: CapData): 0 | Errno {
	if (target !== p && !requireCap(k, p, CAP_SETPCAP, "changing another process's capabilities")) {
		return errno('EPERM');
	}
	const deny = (text: string): Errno => {
		k.deny(p, { kind: 'capability', text });
		return errno('EPERM');
	};
	if (!subset(d.inheritable, target.caps.inh | p.caps.prm)) {
		return deny(
			`the inheritable set may only gain capabilities in the permitted set (not ${capNames(d.inheritable & ~(target.caps.inh | p.caps.prm)).join(', ')})`
		);
	}
	if (!subset(d.permitted, target.caps.prm | p.caps.prm)) {
		return deny(
			`the permitted set cannot grow (${capNames(d.permitted & ~(target.caps.prm | p.caps.prm)).join(', ')})`
		);
	}
	if (!subset(d.effective, d.permitted)) {
		return deny('the effective set must lie within the permitted set');
	}
	const bset = target.caps.bset;
	if (!subset(d.inheritable | d.permitted | d.effective, bset)) {
		k.deny(p, {
			kind: 'capability',
			text: `above the bounding set (cap_bset): ${capNames((d.inheritable | d.permitted | d.effective) & ~bset).join(', ')}`
		});
		return errno('EPERM');
	}
	target.caps.inh = d.inheritable >>> 0;
	target.caps.prm = d.permitted >>> 0;
	target.caps.eff = d.effective >>> 0;
	return 0;
}
