#!/bin/sh
# Stands in for the unit tests when configure did not find Check: fails loudly.
echo "the Check unit-test framework was not found by configure: install 'check' and re-run configure" >&2
exit 1
