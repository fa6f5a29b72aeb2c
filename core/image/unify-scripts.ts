// The vserver package's shell scripts around unification: vrpm (rpm on several vservers at once)
// and distrib-info (package facts of a vserver, which vunify and vbuild read). Ours, written from
// what the 0.22/0.23 scripts did (reference §3.7 and §5.1); /bin/sh scripts run by our shell.
import type { Kernel } from '../kernel/kernel.ts';

/** distrib-info SERVER KEY [ARGS]: runs rpm inside the server's tree and reports. */
const DISTRIB_INFO = `#!/bin/sh
# distrib-info SERVER KEY [ARGS ...]: package facts of a vserver, for vunify
# and vbuild. SERVER is a vserver name (a directory in /vservers), a
# directory, or / for the root server. The keys:
#   pkgversion         every package, as name=version-release
#   unifiles PACKAGE   the files of PACKAGE that may be shared: regular files
#                      that are neither configuration files nor in /etc
#   dumpfiles PACKAGE  every file of PACKAGE
if [ "$1" = "" ] ; then
	echo "distrib-info vserver-name command [ args ... ]" >&2
	echo "Commands:" >&2
	echo "dumpfiles PACKAGE: every file of the package" >&2
	echo "pkgversion: every package, as name=version-release" >&2
	echo "unifiles PACKAGE: the files of the package that may be shared" >&2
	exit 1
fi
if [ "$1" = "/" ] ; then
	DISTDIR=/
	CHROOTCMD=
elif [ -d "$1" ] ; then
	DISTDIR=$1
	CHROOTCMD="/usr/sbin/chroot $DISTDIR"
else
	DISTDIR=/vservers/$1
	CHROOTCMD="/usr/sbin/chroot $DISTDIR"
fi
KEY=$2
shift
shift
if [ -f $DISTDIR/etc/redhat-release ] ; then
	case $KEY in
	pkgversion)
		$CHROOTCMD /bin/rpm -qa --queryformat "%{name}=%{version}-%{release}\\n"
		;;
	unifiles)
		# Nothing under /etc is shared, config file or not.
		$CHROOTCMD /bin/rpm -ql --dump "$@" | /usr/lib/vserver/parserpmdump /etc/
		;;
	dumpfiles)
		$CHROOTCMD /bin/rpm -ql "$@"
		;;
	*)
		echo "unknown request $KEY" >&2
		;;
	esac
else
	echo "Distribution not supported yet" >&2
fi
`;

/** vrpm [--unify] SERVER... -- RPM-ARGS. */
const VRPM = `#!/bin/sh
# vrpm [--unify] SERVER ... -- RPM-ARGUMENTS: runs rpm on several vservers at
# once, each with --root /vservers/SERVER, from the root server. ALL stands for
# every vserver in /vservers. rpm runs in the vserver's security context when
# it is running (from /var/run/vservers/SERVER.ctx), so what it starts stays
# there; otherwise chcontext gives it a new one.
# --unify: afterwards, share the files of the packages named again (vunify,
# the first server being the reference; /var/log is never shared).
usage () {
	echo "vrpm: rpm for several vservers at once (run it in the root server)"
	echo "vrpm [--unify] vserver ... -- rpm options and packages"
	echo "vrpm [--unify] ALL -- rpm options and packages"
	echo "  e.g. vrpm --unify v1 v2 -- -Uvh /tmp/package.rpm"
	echo
	echo "--unify: share the files of the packages again afterwards (vunify)"
}
UNIFY=no
if [ "$1" = "--unify" ] ; then
	UNIFY=yes
	shift
fi
if [ $# = 0 ] ; then
	usage
	exit 1
fi
SERVERS=
while [ $# -gt 0 ] && [ "$1" != "--" ]
do
	if [ "$1" = "ALL" ] ; then
		SERVERS=\`cd /vservers && ls\`
	else
		SERVERS="$SERVERS $1"
	fi
	shift
done
if [ "$1" != "--" ] ; then
	usage
	exit 1
fi
if [ "$SERVERS" = "" ] ; then
	echo no server specified
	echo
	usage
	exit 1
fi
shift
STATUS=0
for serv in $SERVERS
do
	CTXOPT=
	CTXFILE=/var/run/vservers/$serv.ctx
	if [ -f $CTXFILE ] ; then
		. $CTXFILE
		CTXOPT="--ctx $S_CONTEXT"
	fi
	echo Updating server $serv
	/usr/sbin/chcontext --silent $CTXOPT rpm --root /vservers/$serv "$@" || STATUS=1
done
if [ "$UNIFY" = "yes" ] ; then
	PACKAGES=
	for pkg in "$@"
	do
		case $pkg in
		-*)
			;;
		*)
			PACKAGES="$PACKAGES \`rpm -qp $pkg --queryformat %{name}\`"
			;;
		esac
	done
	echo Unification
	/usr/lib/vserver/vunify --excldir /var/log $SERVERS -- $PACKAGES || STATUS=1
fi
exit $STATUS
`;

export function installUnifyScripts(k: Kernel): void {
	k.writeFile('/usr/lib/vserver/distrib-info', DISTRIB_INFO, 0o755);
	k.writeFile('/usr/sbin/vrpm', VRPM, 0o755);
}
