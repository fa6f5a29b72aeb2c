#!/usr/bin/env bash
# Builds the real machine's files in public/images/x86 from Debian packages only: a tiny i386
# Linux 6.1 (linux-source-6.1, tinyconfig + kernel.config) with an embedded busybox initramfs,
# SeaBIOS, and a state saved after one boot in Node v86. Skips everything when the inputs' hash
# matches manifest.json, because a saved state is not byte-reproducible and every needless rebuild
# would add megabytes to git. Usage: tools/x86/build.sh [--force]
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BUILD=${X86_BUILD_DIR:-$HERE/build}
OUT=$ROOT/public/images/x86
FORCE=0
[ "${1:-}" = --force ] && FORCE=1
JOBS=$(nproc)
start=$(date +%s)

# Debian packages the build reads; busybox-static:i386 is unpacked, never installed (it would
# replace the host's busybox).
HOST_PKGS="linux-source-6.1 seabios gcc gcc-multilib libc6-dev-i386 make bc flex bison libelf-dev libssl-dev cpio zstd openssl"
missing=""
for p in $HOST_PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
done
if [ -n "$missing" ]; then
	echo "build.sh: missing Debian packages:$missing" >&2
	echo "  dpkg --add-architecture i386 && apt-get update && apt-get install -y$missing" >&2
	exit 2
fi

mkdir -p "$BUILD/debs" "$OUT"
if ! ls "$BUILD"/debs/busybox-static_*_i386.deb >/dev/null 2>&1; then
	(cd "$BUILD/debs" && apt-get download busybox-static:i386)
fi
BUSYBOX_DEB=$(ls "$BUILD"/debs/busybox-static_*_i386.deb | tail -n 1)

src_of() { dpkg-query -W -f='${source:Package} ${source:Version}' "$1"; }
LINUX_SRC=$(src_of linux-source-6.1)
SEABIOS_SRC=$(src_of seabios)
BUSYBOX_SRC="$(dpkg-deb -f "$BUSYBOX_DEB" Source | sed 's/ .*//') $(dpkg-deb -f "$BUSYBOX_DEB" Version)"
GLIBC_SRC=$(src_of libc6-dev-i386)
GCC_VERSION=$(gcc -dumpfullversion)
V86_VERSION=$(node -p "require('$ROOT/node_modules/v86/package.json').version")

# The inputs: this recipe, the config fragment, the guest's files, the helper's source and every
# version that ends up in a binary or in the state.
inputs_hash=$(
	cd "$HERE"
	{
		for f in build.sh kernel.config capdrop.c lab-clock.c lab-session.c save-state.mjs manifest.mjs $(find rootfs -type f | LC_ALL=C sort); do
			echo "$f $(stat -c %a "$f") $(sha256sum <"$f")"
		done
		echo "$LINUX_SRC|$SEABIOS_SRC|$BUSYBOX_SRC|$GLIBC_SRC|$GCC_VERSION|$V86_VERSION"
	} | sha256sum | cut -d' ' -f1
)
if [ $FORCE = 0 ] && [ -f "$OUT/manifest.json" ] &&
	grep -q "\"inputs_sha256\": \"$inputs_hash\"" "$OUT/manifest.json"; then
	echo "build.sh: inputs unchanged ($inputs_hash), nothing to do"
	exit 0
fi

# 1. The capability helper, static so the initramfs needs no libc, and the clock keeper and session
#    starter (no libc at all: raw system calls, a few kB each).
gcc -m32 -static -Os -s -Wall -Wextra -o "$BUILD/capdrop" "$HERE/capdrop.c"
for helper in lab-clock lab-session; do
	gcc -m32 -static -nostdlib -ffreestanding -Os -s -Wall -Wextra -fno-pie -no-pie \
		-fno-stack-protector -o "$BUILD/$helper" "$HERE/$helper.c" -lgcc
done

# 2. The initramfs as a gen_init_cpio list: modes and owners exactly as listed (the setuid bits
#    included) without root, and the list itself is the file list we publish.
BB_DIR=$BUILD/busybox
rm -rf "$BB_DIR" && mkdir -p "$BB_DIR" && dpkg-deb -x "$BUSYBOX_DEB" "$BB_DIR"
ROOT_HASH=$(openssl passwd -1 -salt vserver root)
USER_HASH=$(openssl passwd -1 -salt vserver user)
printf 'root:%s:19000:0:99999:7:::\nuser:%s:19000:0:99999:7:::\nnobody:*:19000:0:99999:7:::\n' \
	"$ROOT_HASH" "$USER_HASH" >"$BUILD/shadow"
LIST=$BUILD/initramfs.list
{
	echo "# initramfs of the vserver-lab x86 machine (gen_init_cpio format; @ = the build dir)"
	for d in /bin /sbin /usr /usr/bin /usr/sbin /etc /dev /proc /sys /tmp /run /root /home /var; do
		echo "dir $d 0755 0 0"
	done
	echo "nod /dev/console 0600 0 0 c 5 1"
	echo "nod /dev/null 0666 0 0 c 1 3"
	echo "nod /dev/ttyS0 0620 0 5 c 4 64"
	echo "nod /dev/ttyS1 0666 0 5 c 4 65"
	# Setuid root so that `su` works from `user`; Debian builds busybox with FEATURE_SUID, so
	# every other applet drops the privilege at once.
	echo "file /bin/busybox @/busybox/bin/busybox 4755 0 0"
	echo "slink /bin/sh busybox 0777 0 0"
	echo "file /usr/sbin/capdrop @/capdrop 4755 0 0"
	echo "file /sbin/lab-clock @/lab-clock 0755 0 0"
	echo "file /sbin/lab-session @/lab-session 0755 0 0"
	echo "file /etc/shadow @/shadow 0600 0 0"
	(cd "$HERE/rootfs" && find . -type f | LC_ALL=C sort) | while read -r f; do
		mode=0644
		[ -x "$HERE/rootfs/$f" ] && mode=0755
		echo "file ${f#.} @@/${f#./} $mode 0 0"
	done
} >"$LIST.published"
sed -e "s|@@/|$HERE/rootfs/|" -e "s|@/|$BUILD/|" "$LIST.published" >"$LIST"

# 3. The kernel, in a tree kept across runs: only the link step reruns when only the initramfs
#    changed (8 s instead of 5.5 min).
KSRC=$BUILD/linux-source-6.1
if [ "$(cat "$BUILD/linux.version" 2>/dev/null)" != "$LINUX_SRC" ]; then
	rm -rf "$KSRC"
	tar -C "$BUILD" -xf /usr/src/linux-source-6.1.tar.xz
	echo "$LINUX_SRC" >"$BUILD/linux.version"
fi
(
	cd "$KSRC"
	make -s ARCH=i386 tinyconfig
	grep -v '^#' "$HERE/kernel.config" | grep -v '^$' | while read -r line; do
		# shellcheck disable=SC2086
		scripts/config $line
	done
	scripts/config --set-str INITRAMFS_SOURCE "$LIST" --set-val INITRAMFS_ROOT_UID 0 --set-val INITRAMFS_ROOT_GID 0
	make -s ARCH=i386 olddefconfig
	# Every option of the fragment must have survived olddefconfig (a missing dependency drops
	# it silently).
	grep -v '^#' "$HERE/kernel.config" | tr ' ' '\n' | awk '/^-e$/{getline; print}' | while read -r opt; do
		grep -q "^CONFIG_$opt=y" .config || { echo "build.sh: CONFIG_$opt did not stick" >&2; exit 1; }
	done
	make -s -j"$JOBS" ARCH=i386 bzImage
)

# 4. The published files.
cp "$KSRC/arch/x86/boot/bzImage" "$OUT/bzImage"
cp /usr/share/seabios/bios-256k.bin "$OUT/bios-256k.bin"
cp /usr/share/seabios/vgabios-stdvga.bin "$OUT/vgabios-stdvga.bin"
sed "s|^CONFIG_INITRAMFS_SOURCE=.*|CONFIG_INITRAMFS_SOURCE=\"initramfs.list\"|" "$KSRC/.config" >"$OUT/kernel.config"
cp "$LIST.published" "$OUT/initramfs.list"

# 5. One boot in Node v86, then the saved state (zstd -19; v86 reads .zst itself).
node "$HERE/save-state.mjs" "$OUT" "$BUILD/state.bin"
zstd -19 -q -f "$BUILD/state.bin" -o "$OUT/state.bin.zst"

node "$HERE/manifest.mjs" "$OUT" \
	"inputs_sha256=$inputs_hash" "linux=$LINUX_SRC" "seabios=$SEABIOS_SRC" "busybox=$BUSYBOX_SRC" \
	"glibc=$GLIBC_SRC" "gcc=$GCC_VERSION" "v86=$V86_VERSION" "build_seconds=$(($(date +%s) - start))"
echo "build.sh: done in $(($(date +%s) - start)) s"
ls -l "$OUT"
