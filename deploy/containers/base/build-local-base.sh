#!/usr/bin/env bash
# Builds, from this machine and without a registry, the two images the service images are
# built from (deploy/containers/Containerfile):
#
#   JDK image   the JDK of this machine, a POSIX shell and strip: jlink runs in it while the
#               service images are built (the build stage "jre"); never shipped.
#   base image  the C libraries a JRE needs (glibc, libgcc_s), /etc/passwd with the non-root
#               user opentwin (10001), /etc/nsswitch.conf and /tmp: about 3 MB.
#
# Users with a registry do not need this: the Containerfile defaults to eclipse-temurin's
# JDK image and distroless's cc image. `opentwin images build --local-base` runs this script.
#
# Usage: build-local-base.sh [--engine podman|docker|buildah] [--java-home DIR]
#                            [--jdk-image NAME] [--base-image NAME] [--inputs DIGEST]
# --inputs: a digest of what the images are made from, kept in their io.opentwinj.inputs label
# (opentwin images build keeps images whose digest did not change).
# Prints the two image names on its last two lines. Exit codes: 0 done, 2 bad arguments or
# no usable JDK, any other: the engine's failure.
set -eEuo pipefail

engine=podman
java_home="${JAVA_HOME:-}"
jdk_image=localhost/opentwin/jdk:25
base_image=localhost/opentwin/base:latest
user_id=10001
inputs=unknown

die() { echo "build-local-base: $*" >&2; exit 2; }
# A failing command that prints nothing (set -e) must still say where the script stopped.
trap 'echo "build-local-base: failed with exit code $? at line $LINENO: $BASH_COMMAND" >&2' ERR

while [ $# -gt 0 ]; do
  case "$1" in
    --engine) engine="${2:?--engine needs a value}"; shift 2 ;;
    --java-home) java_home="${2:?--java-home needs a value}"; shift 2 ;;
    --jdk-image) jdk_image="${2:?--jdk-image needs a value}"; shift 2 ;;
    --base-image) base_image="${2:?--base-image needs a value}"; shift 2 ;;
    --inputs) inputs="${2:?--inputs needs a value}"; shift 2 ;;
    -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument '$1' (see --help)" ;;
  esac
done

case "$engine" in podman|docker|buildah) ;; *) die "unknown engine '$engine': podman, docker or buildah" ;; esac
command -v "$engine" >/dev/null 2>&1 || die "$engine is not installed"
if [ -z "$java_home" ] && command -v java >/dev/null 2>&1; then
  java_home="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
fi
[ -x "$java_home/bin/jlink" ] || die "no JDK with jlink at '$java_home': give --java-home or JAVA_HOME"
version="$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$java_home/release")"
[ "${version:-0}" -ge 25 ] 2>/dev/null || die "the JDK at $java_home is Java ${version:-unknown}; 25 or newer is needed"
for tool in ldd tar strip; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool is missing (Debian: libc-bin, tar, binutils)"
done

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# Copies into $1 the shared libraries ldd says the other files need, at the same paths.
copy_libraries() {
  local root="$1" lib
  shift
  # The JDK's own libraries are found through its run path; only system ones are copied.
  for lib in $(for file in "$@"; do ldd "$file" 2>/dev/null || true; done | grep -o '/[^ ]*' | grep -v "^$java_home/" | sort -u); do
    if [ ! -e "$root$lib" ]; then
      mkdir -p "$root$(dirname "$lib")"
      cp -L "$lib" "$root$lib"
    fi
  done
}

# Copies programs into $1 at the same paths, with their shared libraries.
copy_programs() {
  local root="$1" file
  shift
  for file in "$@"; do
    mkdir -p "$root$(dirname "$file")"
    cp -L "$file" "$root$file"
  done
  copy_libraries "$root" "$@"
}

# Native code of a server JRE: the launcher, the VM and the JDK's libraries, without the
# desktop ones (AWT, fonts, sound, images) no service loads.
jre_natives() {
  find "$java_home/bin/java" "$java_home/lib" -maxdepth 2 -type f \( -name java -o -name '*.so' \) \
    | grep -Ev '/lib(awt|awt_headless|awt_xawt|fontmanager|freetype|jawt|javajpeg|jsound|lcms|mlib_image|splashscreen)\.so$'
}

minimal_etc() {
  local root="$1"
  mkdir -p "$root/etc" "$root/tmp" "$root/run"
  chmod 1777 "$root/tmp"
  printf 'root:x:0:0:root:/root:/sbin/nologin\nopentwin:x:%s:%s:OpenTwin/J:/var/lib/opentwin:/sbin/nologin\n' \
    "$user_id" "$user_id" >"$root/etc/passwd"
  printf 'root:x:0:\nopentwin:x:%s:\n' "$user_id" >"$root/etc/group"
  printf 'passwd: files\ngroup: files\nhosts: files dns\n' >"$root/etc/nsswitch.conf"
}

# Makes image $2 from the directory $1 with the given config changes (Containerfile syntax).
import_image() {
  local root="$1" name="$2" tarball="$work/$(basename "$1").tar" change container
  shift 2
  tar --numeric-owner --owner=0 --group=0 -C "$root" -cf "$tarball" .
  case "$engine" in
    podman|docker)
      local args=()
      for change in "$@"; do args+=(--change "$change"); done
      [ "$engine" = podman ] && args+=(--quiet)
      "$engine" import "${args[@]}" "$tarball" "$name" >/dev/null
      ;;
    buildah)
      container="$(buildah from scratch)"
      buildah add --quiet "$container" "$tarball" / >/dev/null
      for change in "$@"; do
        case "$change" in
          ENV\ *) buildah config --env "${change#ENV }" "$container" ;;
          LABEL\ *) buildah config --label "${change#LABEL }" "$container" ;;
        esac
      done
      buildah commit --quiet "$container" "$name" >/dev/null
      buildah rm "$container" >/dev/null
      ;;
  esac
}

echo "build-local-base: JDK $version from $java_home, engine $engine" >&2

# The JDK image: the JDK unchanged (jlink links from the run-time image and refuses a
# modified one), a shell for the build stage's RUN, mkdir and strip.
jdk="$work/jdk"
mkdir -p "$jdk/opt"
cp -a "$java_home/." "$jdk/opt/jdk"
# Not needed to link a JRE: the sources (no module's file) and javac's symbol table (a file
# of jdk.compiler, never linked). jlink checks the files of the modules it links, so the rest
# stays as it is.
rm -f "$jdk/opt/jdk/lib/src.zip" "$jdk/opt/jdk/lib/ct.sym"
# Distribution packages link some files out of the JDK (Debian: lib/security/cacerts to
# /etc/ssl/certs/java); the image gets the files themselves.
find "$jdk/opt/jdk" -type l | while IFS= read -r link; do
  case "$(readlink "$link")" in
    /*) rm "$link"; cp -L "$java_home/${link#"$jdk/opt/jdk/"}" "$link" ;;
  esac
done
copy_libraries "$jdk" $(find "$java_home/bin" "$java_home/lib" -type f \( -perm -u+x -o -name '*.so' \))
copy_programs "$jdk" /bin/sh /bin/mkdir "$(command -v strip)"
minimal_etc "$jdk"
import_image "$jdk" "$jdk_image" "ENV PATH=/opt/jdk/bin:/usr/bin:/bin" "ENV JAVA_HOME=/opt/jdk" \
  "LABEL org.opencontainers.image.title=opentwin-jdk" "LABEL io.opentwinj.inputs=$inputs" \
  "LABEL org.opencontainers.image.description=The JDK of the build machine, for jlink in image builds"

# The runtime base: only the C libraries of a server JRE, libgcc_s (glibc loads it to unwind
# threads), the user and /tmp.
base="$work/base"
mkdir -p "$base"
copy_libraries "$base" $(jre_natives)
# ldconfig lives in /sbin, which a non-root user's PATH often lacks; without it, the usual
# multiarch directories are searched.
ldconfig="$(PATH="$PATH:/usr/sbin:/sbin" command -v ldconfig || true)"
libgcc=""
if [ -n "$ldconfig" ]; then
  libgcc="$("$ldconfig" -p 2>/dev/null | awk '/libgcc_s\.so\.1 .*x86-64|libgcc_s\.so\.1 .*AArch64/ { print $NF; exit }' || true)"
fi
if [ -z "$libgcc" ]; then
  libgcc="$(find /lib /usr/lib /lib64 /usr/lib64 -maxdepth 2 -name libgcc_s.so.1 2>/dev/null | head -n 1 || true)"
fi
if [ -n "$libgcc" ]; then
  mkdir -p "$base$(dirname "$libgcc")"
  cp -L "$libgcc" "$base$libgcc"
fi
minimal_etc "$base"
import_image "$base" "$base_image" \
  "LABEL org.opencontainers.image.title=opentwin-base" "LABEL io.opentwinj.inputs=$inputs" \
  "LABEL org.opencontainers.image.description=C libraries for a jlinked JRE, a non-root user and /tmp"

echo "$jdk_image"
echo "$base_image"
