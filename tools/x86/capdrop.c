/* capdrop: lowers the capability bounding set (Linux 2.6.25+ prctl(PR_CAPBSET_DROP)) and execs a
 * command: the lab's stand-in for VServer's reducecap on a real Linux 6.1.
 *
 * Usage: capdrop CAP[,CAP...] -- COMMAND [ARG...]     (names like sys_admin, CAP_NET_ADMIN, or 21)
 *        capdrop --secure -- COMMAND ...              (the 2003 `--secure` set by today's names)
 *
 * Dropping from the bounding set needs CAP_SETPCAP on mainline, where 2003 VServer let any user
 * lower its own ceiling. The image therefore installs this helper setuid root: it drops the bits,
 * then, when the caller was not root, returns to the caller's uid (which clears every capability,
 * capabilities(7)) before the exec. It never runs anything with more privilege than the caller. */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/capability.h>

static const char *const names[] = {
	"chown", "dac_override", "dac_read_search", "fowner", "fsetid", "kill", "setgid", "setuid",
	"setpcap", "linux_immutable", "net_bind_service", "net_broadcast", "net_admin", "net_raw",
	"ipc_lock", "ipc_owner", "sys_module", "sys_rawio", "sys_chroot", "sys_ptrace", "sys_pacct",
	"sys_admin", "sys_boot", "sys_nice", "sys_resource", "sys_time", "sys_tty_config", "mknod",
	"lease", "audit_write", "audit_control", "setfcap", "mac_override", "mac_admin", "syslog",
	"wake_alarm", "block_suspend", "audit_read", "perfmon", "bpf", "checkpoint_restore"};
#define NCAPS ((int)(sizeof(names) / sizeof(names[0])))

/* reducecap --secure in vserver 0.22: bits 9, 11-17, 20-25 and 27 (mask 0x0bf3fa00). */
static const char secure[] = "linux_immutable,net_broadcast,net_admin,net_raw,ipc_lock,ipc_owner,"
			     "sys_module,sys_rawio,sys_pacct,sys_admin,sys_boot,sys_nice,sys_resource,sys_time,mknod";

static int cap_number(const char *s)
{
	if (isdigit((unsigned char)*s))
		return atoi(s);
	if (strncasecmp(s, "cap_", 4) == 0)
		s += 4;
	for (int i = 0; i < NCAPS; i++)
		if (strcasecmp(s, names[i]) == 0)
			return i;
	return -1;
}

int main(int argc, char **argv)
{
	if (argc < 4 || strcmp(argv[2], "--") != 0) {
		fprintf(stderr, "usage: capdrop CAP[,CAP...]|--secure -- COMMAND [ARG...]\n");
		return 2;
	}
	char *list = strdup(strcmp(argv[1], "--secure") == 0 ? secure : argv[1]);
	unsigned long long dropped = 0;
	for (char *tok = strtok(list, ","); tok; tok = strtok(NULL, ",")) {
		int cap = cap_number(tok);
		if (cap < 0 || cap > 63) {
			fprintf(stderr, "capdrop: unknown capability %s\n", tok);
			return 2;
		}
		/* Linux: PR_CAPBSET_DROP needs CAP_SETPCAP; EINVAL means the kernel lacks the bit. */
		if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0 && errno != EINVAL) {
			perror("capdrop: prctl(PR_CAPBSET_DROP)");
			return 1;
		}
		dropped |= 1ULL << cap;
	}
	uid_t ruid = getuid();
	if (ruid != 0) {
		/* Back to the caller: with all uids non-zero the kernel clears the permitted and
		 * effective sets, so the setuid bit grants nothing beyond the lowered ceiling. */
		if (setresuid(ruid, ruid, ruid) != 0) {
			perror("capdrop: setresuid");
			return 1;
		}
	} else {
		/* Root keeps its capabilities minus the dropped ones (the bounding set only limits
		 * what a later execve can gain), so clear them from the current sets as well. */
		struct __user_cap_header_struct hdr = {_LINUX_CAPABILITY_VERSION_3, 0};
		struct __user_cap_data_struct data[2];
		if (syscall(SYS_capget, &hdr, data) == 0) {
			for (int i = 0; i < 2; i++) {
				unsigned int mask = ~(unsigned int)(dropped >> (32 * i));
				data[i].effective &= mask;
				data[i].permitted &= mask;
				data[i].inheritable &= mask;
			}
			syscall(SYS_capset, &hdr, data);
		}
	}
	execvp(argv[3], argv + 3);
	fprintf(stderr, "capdrop: %s: %s\n", argv[3], strerror(errno));
	return 127;
}
