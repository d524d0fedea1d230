#!/bin/sh
# Print the path of a working interpreter called $1 (python3.13, say): on PATH if it runs there,
# else the newest pyenv build of it; print nothing if there is none (`make test-pythons` skips it).
name=$1
if exe=$(command -v "$name" 2>/dev/null) && "$exe" -V >/dev/null 2>&1; then
  echo "$exe"
  exit 0
fi
found=
for dir in "${PYENV_ROOT:-$HOME/.pyenv}"/versions/*/bin; do
  [ -x "$dir/$name" ] && found="$dir/$name"
done
[ -n "$found" ] && echo "$found"
exit 0
