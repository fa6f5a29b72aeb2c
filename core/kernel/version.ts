// The kernel's release and build strings: what uname(2) and /proc/version report.

/** The ctx patch's release name (ARCHITECTURE.md fixed facts). */
export const UTS_RELEASE = '2.4.20ctx-17';
/** The build number and date, as `uname -v` prints them. */
export const UTS_VERSION = '#1 Sat Mar 1 12:00:00 EST 2003';
/** Who built the kernel and with what: a Red Hat 7.3 box, as the first line of /proc/version. */
export const LINUX_COMPILE_BY = 'root@localhost.localdomain';
export const LINUX_COMPILER = 'gcc version 2.96 20000731 (Red Hat Linux 7.3 2.96-110)';
