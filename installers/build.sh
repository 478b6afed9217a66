#!/usr/bin/env bash
# Builds Patina with Maven and packages it with jpackage into target/installer/.
#
#   bash installers/build.sh app-image|deb|rpm|dmg|pkg|msi|exe
#
# app-image works on every OS (Linux: target/installer/patina/bin/patina); deb/rpm only on Linux, dmg/pkg only on
# macOS, msi/exe only on Windows (jpackage cannot cross-build). jpackage's options live in arg files:
# installers/common.args + installers/<os>/<type>.args. See installers/PACKAGING.md.
#
# Environment:
#   PATINA_SKIP_MAVEN=1        reuse target/patina.jar + target/lib/ (e.g. right after `mvn verify`)
#   PATINA_APP_VERSION=1.2.3   override the version (default: the pom's, -SNAPSHOT/qualifiers stripped)
#   PATINA_MVN_LOCK=FILE       serialise the Maven run through flock FILE (default /tmp/patina-mvn.lock when flock
#                              exists; set it empty to run Maven without a lock)
#   JPACKAGE=/path/jpackage    default: $JAVA_HOME/bin/jpackage, else jpackage on the PATH
#   PATINA_JPACKAGE_VERBOSE=1  pass --verbose to jpackage
set -euo pipefail
cd "$(dirname "$0")/.."

usage() { echo "usage: bash installers/build.sh app-image|deb|rpm|dmg|pkg|msi|exe" >&2; exit 2; }
[ $# -eq 1 ] || usage
type=$1

case "$(uname -s)" in
    Linux) os=linux ;;
    Darwin) os=macos ;;
    MINGW* | MSYS* | CYGWIN*) os=windows ;;
    *) echo "build.sh: unsupported OS $(uname -s)" >&2; exit 2 ;;
esac
case "$os:$type" in
    *:app-image | linux:deb | linux:rpm | macos:dmg | macos:pkg | windows:msi | windows:exe) ;;
    *:deb | *:rpm | *:dmg | *:pkg | *:msi | *:exe)
        echo "build.sh: a $type can only be built on $(case $type in deb|rpm) echo Linux;; dmg|pkg) echo macOS;; *) echo Windows;; esac) (this is $os)" >&2
        exit 2 ;;
    *) usage ;;
esac
argfile="installers/$os/$type.args"
[ -f "$argfile" ] || { echo "build.sh: missing $argfile" >&2; exit 2; }

if [ -n "${JPACKAGE:-}" ]; then
    jpackage=$JPACKAGE
elif [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/jpackage" ]; then
    jpackage=$JAVA_HOME/bin/jpackage
else
    jpackage=$(command -v jpackage || true)
fi
[ -n "$jpackage" ] || { echo "build.sh: jpackage not found (JDK 17+ needed; set JAVA_HOME or JPACKAGE)" >&2; exit 2; }

# 1. Maven: target/patina.jar + target/lib/*.jar (runtime scope)
if [ "${PATINA_SKIP_MAVEN:-}" != 1 ]; then
    lock=${PATINA_MVN_LOCK-/tmp/patina-mvn.lock}
    if [ -n "$lock" ] && command -v flock >/dev/null; then
        flock "$lock" mvn -q -DskipTests package
    else
        mvn -q -DskipTests package
    fi
fi
[ -f target/patina.jar ] && [ -d target/lib ] || { echo "build.sh: target/patina.jar or target/lib/ missing" >&2; exit 1; }

# 2. Version: from the built pom (maven-archiver writes it), numeric only for jpackage: 0.1.0-SNAPSHOT -> 0.1.0
if [ -n "${PATINA_APP_VERSION:-}" ]; then
    version=$PATINA_APP_VERSION
else
    pom_version=$(sed -n 's/^version=//p' target/maven-archiver/pom.properties | tr -d '\r')
    version=$(printf '%s' "$pom_version" | sed -E 's/^([0-9]+(\.[0-9]+){0,2}).*/\1/')
    [[ $version =~ ^[0-9]+(\.[0-9]+){0,2}$ ]] || { echo "build.sh: cannot derive a numeric version from '$pom_version'" >&2; exit 1; }
fi
if [ "$os" = macos ] && [[ $version == 0* ]]; then
    echo "build.sh: macOS needs a version whose first number is > 0 (found $version); set PATINA_APP_VERSION" >&2
    exit 2
fi

# 3. Stage jpackage's --input: the jar, its lib/ (the manifest's Class-Path) and OS extras
input=target/installer-input
rm -rf "$input"
mkdir -p "$input/lib"
cp target/patina.jar "$input/"
cp target/lib/*.jar "$input/lib/"
if [ "$os" = linux ]; then
    mkdir -p "$input/systemd"
    cp installers/linux/patina.service "$input/systemd/"
fi

# 4. jpackage
dest=target/installer
mkdir -p "$dest"
case "$type" in
    app-image) rm -rf "$dest/patina" "$dest/patina.app" ;;   # jpackage refuses to overwrite an app image
esac
extra=()
[ "${PATINA_JPACKAGE_VERBOSE:-}" = 1 ] && extra+=(--verbose)
# jpackage leaves its work folder behind on failure; keep it inside target/
rm -rf target/jpackage-tmp
"$jpackage" @installers/common.args @"$argfile" \
    --type "$type" --input "$input" --dest "$dest" --app-version "$version" --temp target/jpackage-tmp ${extra[@]+"${extra[@]}"}
rm -rf target/jpackage-tmp

echo "build.sh: $type $version ->"
case "$os:$type" in
    linux:app-image) echo "  $dest/patina/bin/patina" ;;
    windows:app-image) echo "  $dest/patina/patina.exe" ;;
    macos:app-image) echo "  $dest/patina.app" ;;
    *) ls -1 "$dest"/patina[-_]*."$type" 2>/dev/null | sed 's/^/  /' || true ;;
esac
