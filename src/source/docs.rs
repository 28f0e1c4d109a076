//! Documentation of the codes that loading a file can produce.

/// `yaml-syntax`.
pub const YAML_SYNTAX: &str = r#"## What it checks
That the file is well-formed YAML 1.2: balanced brackets and quotes, consistent indentation,
no tabs used for indentation, defined anchors, no tags. The format defines no tags: `!!str`,
`!!seq` and `!!map`, which change nothing, are accepted; every other one (`!!float 7`,
`!!binary`, `!!python/object:...`, `!secret`) is refused where it is written, since a tag a
loader ignores would make the tool and a reader see different values.

## Why is this bad?
A file that is not YAML cannot be read at all, so none of its agreements can be checked or
compared.

## Example
```yaml
objectives:
  - id: availability
    target: ">= 99.9%    # the quote is never closed
```
"#;

/// `duplicate-key`.
pub const DUPLICATE_KEY: &str = r#"## What it checks
That no mapping has the same key twice.

## Why is this bad?
YAML parsers disagree on which of the two values wins; many keep the last one silently. In a
contract the reader and the tool must see the same value, so a repeated key is an error.

## Example
```yaml
target: ">= 99.9%"
target: ">= 99.5%"   # duplicate-key: `target` is already defined on line 1
```
"#;

/// `yaml-limit`.
pub const YAML_LIMIT: &str = r#"## What it checks
That a file stays within the loader's limits: at most 8 MiB, at most 64 levels of nesting,
at most 250,000 values (scalars, sequences and mappings, counting every copy an alias
makes), at most 1,000 YAML documents, and at most 30,000 entries in one outermost flow
collection (`[...]`, `{...}`; block YAML has no such limit). The message names the limit and
its figure. A
file over 8 MiB is refused by its size before it is read (from disk or from git), and the
message states its real size.

## Why is this bad?
These limits stop hostile or broken files (a "billion laughs" alias bomb, 20,000 nested
brackets) from exhausting memory or time. No real agreement comes near them.

## Example
```yaml
a: &a [x, x, x, x, x, x, x, x, x, x]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
# ... each level multiplies the size by ten
```
"#;

/// `not-utf8`.
pub const NOT_UTF8: &str = r"## What it checks
That the file is UTF-8 text.

## Why is this bad?
YAML 1.2 is Unicode text. A file saved in Latin-1 or UTF-16 by an editor would be read with
the wrong characters, so slagate refuses it and points at the first byte that is not UTF-8.

## Example
A customer name `Müller GmbH` saved as Latin-1: the byte `0xFC` is not UTF-8.
";

/// `empty-file`.
pub const EMPTY_FILE: &str = r"## What it checks
That a file matched as an SLA file holds at least one YAML document.

## Why is this bad?
An empty file where an agreement is expected is almost always a mistake: a truncated write,
or a file emptied by a bad merge.

## Example
A file `acme.sla.yaml` that contains only comments.
";

/// `not-a-regular-file`.
pub const NOT_A_REGULAR_FILE: &str = r"## What it checks
That every SLA path is a regular file: not a symbolic link, FIFO, socket or device, in the
work tree, in a commit or in the index (where a link is a blob of mode `120000`). slagate never follows a symbolic link, whether it
points inside the repository or out of it, and never opens anything but a regular file.
Discovery reports a symbolic link whose own path matches the discovery globs; it does not
walk into linked directories (as git does not).

## Why is this bad?
slagate runs on pull requests from strangers. A link at an SLA path to `/proc/self/environ`
would print the environment (secrets) in a snippet, a link to `/dev/zero` would be read
forever, and a FIFO would block the run. A link inside the repository is refused too: the
agreement is the file it names, which is checked on its own when the globs match it, and
its content would otherwise be judged at two paths (and, for a link that is retargeted, by
a change that touches neither file's content).

## Example
```console
$ ln -s /proc/self/environ api.sla.yaml
$ slagate validate
error[not-a-regular-file]: api.sla.yaml is a symbolic link to `/proc/self/environ`, which leaves the repository; slagate reads regular files only and does not follow symbolic links
```
";
