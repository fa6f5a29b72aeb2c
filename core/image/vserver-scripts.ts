// The vserver 0.22 package's small shell-script tools (vps, vpstree, vtop, vkill, rootshell) as
// real /bin/sh scripts in /usr/sbin, run by our shell, so a learner can read them with `cat`.
// They are ours, written from what the reference says the 2003 tools did (§3.6.2, §10.5).
import type { Kernel } from '../kernel/kernel.ts';

/**
 * vps: ps seen from context 1, with each process's context after its PID. The original was a
 * Perl script; this one reads the same /proc lines. ps is started through a small `sh -c` that
 * first prints its pid: ps has exited (and is gone from /proc) by the time its own row is read,
 * and it ran in our context.
 */
const VPS = `#!/bin/sh
# vps [ps options]: ps as seen from security context 1, which sees every
# context, with a CONTEXT column after the PID: the context number and a name.
# The names: MAIN (0), ALL_PROCS (1), a running vserver's name (from its
# /var/run/vservers/NAME.ctx file), or UNKNOWN.

# context_of PID: sets ctx from the s_context line of /proc/PID/status (-1 if none).
context_of () {
	ctx=-1
	if [ -r /proc/$1/status ]; then
		while read -r key value; do
			if [ "$key" = s_context: ]; then
				ctx=$value
			fi
		done < /proc/$1/status
	fi
}

# name_of CTX: sets name.
name_of () {
	for file in /var/run/vservers/*.ctx; do
		if [ -f "$file" ] && grep -q "^S_CONTEXT=$1$" "$file"; then
			name=\${file##*/}
			name=\${name%.ctx}
			return
		fi
	done
	case $1 in
	0) name=MAIN ;;
	1) name=ALL_PROCS ;;
	*) name=UNKNOWN ;;
	esac
}

context_of self
if [ "$ctx" = -1 ]; then
	echo "Can not find my security context. Is this a ctx kernel?"
	exit 1
fi
if [ "$ctx" != 1 ]; then
	# Only context 1 sees every process: start again there (root in context 0 only).
	exec /usr/sbin/chcontext --silent --ctx 1 "$0" "$@"
fi
mine=$ctx

TAB=\`printf '\\t'\`
sh -c 'echo $$; exec ps "$@"' ps "$@" | {
	read -r pspid
	IFS= read -r header
	# The PID column ends 5 characters after what precedes "  PID" in the header.
	left=\`echo "$header" | sed 's/  PID.*//'\`
	width=$((\${#left} + 5))
	printf '%s\\n' "$header" | sed "s/^\\(.\\{$width\\}\\)/\\1$TAB/" | {
		IFS="$TAB" read -r head tail
		echo "$head CONTEXT       $tail"
	}
	sed "s/^\\(.\\{$width\\}\\)/\\1$TAB/" | while IFS="$TAB" read -r head tail; do
		for pid in $head; do :; done
		if [ "$pid" = "$pspid" ]; then
			ctx=$mine
		else
			context_of $pid
		fi
		name_of $ctx
		printf '%s %-3s %-10s%s\\n' "$head" "$ctx" "$name" "$tail"
	done
}
`;

const VPSTREE = `#!/bin/sh
# vpstree [pstree options]: pstree as seen from security context 1 (every context).
exec /usr/sbin/chcontext --silent --ctx 1 pstree "$@"
`;

const VTOP = `#!/bin/sh
# vtop [top options]: top as seen from security context 1 (every context).
exec /usr/sbin/chcontext --silent --ctx 1 top "$@"
`;

/** vkill: context 1 may look but not kill, so find the context there and kill from inside it. */
const VKILL = `#!/bin/sh
# vkill PID: finds which security context process PID is in (looking from
# context 1, which sees them all but may not signal them), then kills it from
# inside that context with chcontext --ctx.

pid=$1
ctx=\`/usr/sbin/chcontext --silent --ctx 1 cat /proc/$pid/status 2>&1 | sed -n 's/^s_context: *//p'\`
if [ -z "$ctx" ]; then
	echo "Process id $pid not found."
	exit 0
fi
echo "Process id $pid was found in security context $ctx."
printf ' + Killing... '
if [ "$ctx" -gt 0 ]; then
	/usr/sbin/chcontext --silent --ctx $ctx kill $pid > /dev/null 2>&1
else
	kill $pid > /dev/null 2>&1
fi
echo '[done]'
`;

const ROOTSHELL = `#!/bin/sh
# rootshell: a login shell with no network box (ipv4root 0.0.0.0), for the
# administrator of the host.
exec /usr/sbin/chbind --silent --ip 0.0.0.0 /bin/bash --login
`;

/** The scripts by installed path. */
export const VSERVER_SCRIPTS: Readonly<Record<string, string>> = {
	'/usr/sbin/vps': VPS,
	'/usr/sbin/vpstree': VPSTREE,
	'/usr/sbin/vtop': VTOP,
	'/usr/sbin/vkill': VKILL,
	'/usr/sbin/rootshell': ROOTSHELL
};

/** Installs the scripts, and the directory where running vservers leave their NAME.ctx files. */
export function installVserverScripts(k: Kernel): void {
	k.mkdirp('/var/run/vservers');
	for (const [path, text] of Object.entries(VSERVER_SCRIPTS)) k.writeFile(path, text, 0o755);
}
