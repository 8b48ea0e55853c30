//! A positioned reader of the parts of `cassandra-env.sh` that decide how
//! JMX is exposed: assignments to `LOCAL_JMX` and `JMX_PORT`, and the `-D`
//! options appended to `JVM_OPTS` (`JVM_OPTS="$JVM_OPTS -D…"`), each with the
//! branch of `if [ "$LOCAL_JMX" = "yes" ] … else … fi` it sits in.
//!
//! This is not a shell interpreter: it reads the shapes the shipped file and
//! its usual edits take. Commented lines (`#`) do not count; commands are
//! split at `;` outside quotes, so `if …; then` and one-line `if`s read as
//! written. A condition on anything but `LOCAL_JMX` makes what it guards
//! conditional (unknown), never assumed.
//!
//! The shipped file (Apache Cassandra `conf/cassandra-env.sh`) sets
//! `LOCAL_JMX=yes` when the environment leaves it empty, and then either
//! binds JMX to localhost without authentication
//! (`-Dcassandra.jmx.local.port`) or, when `LOCAL_JMX` is anything but
//! `yes`, opens Cassandra's remote JMX server (`-Dcassandra.jmx.remote.port`)
//! with `-Dcom.sun.management.jmxremote.authenticate=true` and the SSL
//! options commented out.

use crate::span::Span;

/// Where in the `LOCAL_JMX` structure a line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Branch {
    /// Runs whatever `LOCAL_JMX` is.
    Always,
    /// Runs only for local JMX (`LOCAL_JMX` is `yes`).
    Local,
    /// Runs only for remote JMX (`LOCAL_JMX` is not `yes`).
    Remote,
    /// Runs only when the environment leaves `LOCAL_JMX` empty
    /// (`if [ "x$LOCAL_JMX" = "x" ]`).
    LocalJmxUnset,
    /// Depends on something else the script tests.
    Conditional,
}

/// `NAME=value` (or `export NAME=value`).
#[derive(Debug, Clone)]
pub struct Assignment {
    pub name: String,
    /// The value without its quotes.
    pub value: String,
    /// The whole assignment, `NAME=value`.
    pub span: Span,
    pub branch: Branch,
}

/// A `-Dname=value` option appended to `JVM_OPTS`.
#[derive(Debug, Clone)]
pub struct JvmOption {
    pub name: String,
    pub value: Option<String>,
    /// The option, `-Dname=value`.
    pub span: Span,
    pub branch: Branch,
}

/// What the reader found, in source order.
#[derive(Debug, Default)]
pub struct EnvScript {
    pub assignments: Vec<Assignment>,
    pub options: Vec<JvmOption>,
    /// The first `if` that tests `LOCAL_JMX` for `yes`/`no` (the shipped
    /// structure), where the command starts.
    pub local_jmx_test: Option<Span>,
}

/// One open `if`.
#[derive(Debug, Clone, Copy)]
struct Frame {
    /// The branch its `then` part is, and its `else` part.
    then: Branch,
    otherwise: Branch,
    in_else: bool,
}

impl Frame {
    fn branch(self) -> Branch {
        if self.in_else {
            self.otherwise
        } else {
            self.then
        }
    }
}

impl EnvScript {
    /// Reads `text`.
    #[must_use]
    pub fn read(text: &str) -> EnvScript {
        let mut out = EnvScript::default();
        let mut frames: Vec<Frame> = Vec::new();
        let mut offset = 0usize;
        for line in text.split_inclusive('\n') {
            let start = offset;
            offset += line.len();
            for (cmd_start, cmd) in commands(line) {
                let at = start + cmd_start;
                out.command(cmd, at, &mut frames);
            }
        }
        out
    }

    fn command(&mut self, cmd: &str, at: usize, frames: &mut Vec<Frame>) {
        let lead = cmd.len() - cmd.trim_start().len();
        let cmd = cmd.trim_start();
        let at = at + lead;
        let word = cmd.split_whitespace().next().unwrap_or("");
        match word {
            "if" => {
                let (then, otherwise) = self.condition(cmd);
                if then == Branch::Local || then == Branch::Remote {
                    self.local_jmx_test
                        .get_or_insert(Span::new(at, at + cmd.trim_end().len()));
                }
                frames.push(Frame {
                    then,
                    otherwise,
                    in_else: false,
                });
            }
            "elif" => {
                // A further test: whatever it guards is not the plain else.
                if let Some(f) = frames.last_mut() {
                    f.in_else = true;
                    f.otherwise = Branch::Conditional;
                }
            }
            "else" => {
                if let Some(f) = frames.last_mut() {
                    f.in_else = true;
                }
                let rest = cmd.get(4..).unwrap_or("");
                self.command(rest, at + 4, frames);
            }
            "then" | "do" => {
                let rest = cmd.get(word.len()..).unwrap_or("");
                self.command(rest, at + word.len(), frames);
            }
            "fi" => {
                frames.pop();
            }
            _ => self.simple(cmd, at, branch_of(frames)),
        }
    }

    /// The branches of an `if` test: `then` and `else`.
    fn condition(&mut self, cmd: &str) -> (Branch, Branch) {
        let squeezed: String = cmd
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '"' && *c != '\'')
            .collect();
        if !squeezed.contains("$LOCAL_JMX") && !squeezed.contains("${LOCAL_JMX}") {
            return (Branch::Conditional, Branch::Conditional);
        }
        let s = squeezed.replace("${LOCAL_JMX}", "$LOCAL_JMX");
        if s.contains("x$LOCAL_JMX=x") || s.contains("-z$LOCAL_JMX") {
            return (Branch::LocalJmxUnset, Branch::Conditional);
        }
        let eq = s.contains("$LOCAL_JMX=") || s.contains("$LOCAL_JMX==");
        let ne = s.contains("$LOCAL_JMX!=");
        let yes = s.contains("=yes");
        let no = s.contains("=no");
        let (local_first, known) = match (eq, ne, yes, no) {
            (true, false, true, false) => (true, true),
            (false, true, true, false) => (false, true),
            (true, false, false, true) => (false, true),
            (false, true, false, true) => (true, true),
            _ => (false, false),
        };
        if !known {
            return (Branch::Conditional, Branch::Conditional);
        }
        if local_first {
            (Branch::Local, Branch::Remote)
        } else {
            (Branch::Remote, Branch::Local)
        }
    }

    /// An assignment, or anything else (ignored).
    fn simple(&mut self, cmd: &str, at: usize, branch: Branch) {
        let (cmd, at) = match cmd.strip_prefix("export ") {
            Some(rest) => {
                let trimmed = rest.trim_start();
                (trimmed, at + cmd.len() - trimmed.len())
            }
            None => (cmd, at),
        };
        let Some((name, raw)) = cmd.split_once('=') else {
            return;
        };
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return;
        }
        let raw = raw.trim_end();
        let value_at = at + name.len() + 1;
        let (value, inner_at) = unquote(raw, value_at);
        let span = Span::new(at, value_at + raw.len());
        if name == "JVM_OPTS" {
            self.jvm_options(value, inner_at, branch);
        }
        self.assignments.push(Assignment {
            name: name.to_string(),
            value: value.to_string(),
            span,
            branch,
        });
    }

    fn jvm_options(&mut self, value: &str, at: usize, branch: Branch) {
        let mut pos = 0usize;
        for token in value.split(' ') {
            let start = pos;
            pos += token.len() + 1;
            let Some(option) = token.strip_prefix("-D") else {
                continue;
            };
            let (name, v) = match option.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (option, None),
            };
            if name.is_empty() {
                continue;
            }
            self.options.push(JvmOption {
                name: name.to_string(),
                value: v,
                span: Span::new(at + start, at + start + token.len()),
                branch,
            });
        }
    }

    /// The last assignment to `name` in source order.
    #[must_use]
    pub fn last(&self, name: &str) -> Option<&Assignment> {
        self.assignments.iter().rev().find(|a| a.name == name)
    }
}

/// Which JMX server listens for remote connections.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RemoteServer {
    /// Cassandra's own (`-Dcassandra.jmx.remote.port`): it authenticates and
    /// uses SSL only when `com.sun.management.jmxremote.authenticate` and
    /// `….ssl` are `true` (both default to false).
    Cassandra,
    /// The JVM's agent (`-Dcom.sun.management.jmxremote.port`): both default
    /// to true.
    JvmAgent,
}

/// A boolean JMX setting in effect, with the option that sets it.
#[derive(Debug, Clone)]
pub struct Setting<'s> {
    pub enabled: bool,
    /// The option that decides it; `None` when the server's default applies.
    pub option: Option<&'s JvmOption>,
}

/// Remote JMX as the script configures it.
#[derive(Debug, Clone)]
pub struct RemoteJmx<'s> {
    pub server: RemoteServer,
    /// What makes the remote branch run: a `LOCAL_JMX` assignment, the
    /// `LOCAL_JMX` test (when nothing sets it), or the agent's port option.
    pub enabled_by: Span,
    /// Words for `enabled_by`: "LOCAL_JMX=no", …
    pub enabled_how: String,
    /// The port option (`-Dcassandra.jmx.remote.port=…`).
    pub port_option: &'s JvmOption,
    /// The port, when the script says it (`$JMX_PORT` resolved).
    pub port: Option<String>,
    pub authenticate: Setting<'s>,
    pub ssl: Setting<'s>,
}

impl EnvScript {
    /// Remote JMX, when the script turns it on: `LOCAL_JMX` is not `yes` (set
    /// so, defaulted so when the environment leaves it empty, or never set
    /// while the script tests it), or the JVM agent's remote port is set
    /// whatever `LOCAL_JMX` is.
    #[must_use]
    pub fn remote_jmx(&self) -> Option<RemoteJmx<'_>> {
        let set = self
            .assignments
            .iter()
            .rev()
            .find(|a| a.name == "LOCAL_JMX" && a.branch == Branch::Always);
        let default = self
            .assignments
            .iter()
            .rev()
            .find(|a| a.name == "LOCAL_JMX" && a.branch == Branch::LocalJmxUnset);
        let remote_branch: Option<(Span, String)> = match (set, default) {
            // A value computed at run time: the remote branch is not assumed.
            (Some(a), _) | (None, Some(a)) => local_jmx_value(&a.value)
                .filter(|v| *v != "yes")
                .map(|_| (a.span, format!("LOCAL_JMX={}", a.value))),
            (None, None) => self.local_jmx_test.map(|t| {
                (
                    t,
                    "LOCAL_JMX, never set here, is not yes unless the environment sets it"
                        .to_string(),
                )
            }),
        };
        let remote_taken = remote_branch.is_some();
        let in_effect = |o: &&JvmOption| {
            o.branch == Branch::Always || (remote_taken && o.branch == Branch::Remote)
        };
        let last = |name: &str| {
            self.options
                .iter()
                .filter(in_effect)
                .rfind(|o| o.name == name)
        };
        let (server, port_option, enabled_by, enabled_how) =
            if let Some(agent) = last("com.sun.management.jmxremote.port") {
                let (span, how) = match (&remote_branch, agent.branch) {
                    (Some(r), Branch::Remote) => r.clone(),
                    _ => (agent.span, agent.span_text_name()),
                };
                (RemoteServer::JvmAgent, agent, span, how)
            } else {
                let (span, how) = remote_branch?;
                (
                    RemoteServer::Cassandra,
                    last("cassandra.jmx.remote.port")?,
                    span,
                    how,
                )
            };
        let default = server == RemoteServer::JvmAgent;
        let setting = |name: &str| match last(name) {
            Some(o) => Setting {
                enabled: o
                    .value
                    .as_deref()
                    .is_some_and(|v| v.eq_ignore_ascii_case("true")),
                option: Some(o),
            },
            None => Setting {
                enabled: default,
                option: None,
            },
        };
        let port = match port_option.value.as_deref() {
            Some("$JMX_PORT" | "${JMX_PORT}") => self.last("JMX_PORT").map(|a| a.value.clone()),
            Some(v) if !v.contains('$') => Some(v.to_string()),
            _ => None,
        };
        Some(RemoteJmx {
            server,
            enabled_by,
            enabled_how,
            port_option,
            port,
            authenticate: setting("com.sun.management.jmxremote.authenticate"),
            ssl: setting("com.sun.management.jmxremote.ssl"),
        })
    }
}

/// The value a `LOCAL_JMX` assignment gives: `${LOCAL_JMX:-yes}` (and
/// `:=`) keeps the environment's value or defaults to `yes`, which this
/// reader takes as the default; `None` for other expansions.
fn local_jmx_value(value: &str) -> Option<&str> {
    for prefix in ["${LOCAL_JMX:-", "${LOCAL_JMX:="] {
        if let Some(inner) = value.strip_prefix(prefix).and_then(|v| v.strip_suffix('}')) {
            return Some(inner);
        }
    }
    (!value.contains('$') && !value.contains('`')).then_some(value)
}

impl JvmOption {
    fn span_text_name(&self) -> String {
        format!("-D{} starts the JVM's JMX agent", self.name)
    }
}

/// The branch of a command inside `frames`: the innermost `LOCAL_JMX` test
/// decides; another test makes it conditional.
fn branch_of(frames: &[Frame]) -> Branch {
    let mut out = Branch::Always;
    for f in frames {
        match f.branch() {
            Branch::Always => {}
            Branch::Conditional => {
                if out == Branch::Always {
                    out = Branch::Conditional;
                }
            }
            b => out = b,
        }
    }
    out
}

/// The value of a word without its surrounding quotes, and where the inside
/// starts.
fn unquote(raw: &str, at: usize) -> (&str, usize) {
    for q in ['"', '\''] {
        if raw.len() >= 2 && raw.starts_with(q) && raw.ends_with(q) {
            return (raw.get(1..raw.len() - 1).unwrap_or(""), at + 1);
        }
    }
    (raw, at)
}

/// The commands of a line (without its comment): split at `;` outside
/// quotes, each with its offset in the line.
fn commands(line: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let (mut single, mut double) = (false, false);
    let mut start = 0usize;
    let mut prev: Option<char> = None;
    let mut end = line.trim_end_matches(['\n', '\r']).len();
    for (i, c) in line.char_indices() {
        if i >= end {
            break;
        }
        match c {
            '\'' if !double => single = !single,
            '"' if !single && prev != Some('\\') => double = !double,
            '#' if !single && !double && prev.is_none_or(char::is_whitespace) => {
                end = i;
                break;
            }
            ';' if !single && !double => {
                out.push((start, line.get(start..i).unwrap_or("")));
                start = i + 1;
            }
            _ => {}
        }
        prev = Some(c);
    }
    if start < end {
        out.push((start, line.get(start..end).unwrap_or("")));
    }
    out.retain(|(_, c)| !c.trim().is_empty());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_shipped_structure() {
        let text = "# LOCAL_JMX=no\nif [ \"x$LOCAL_JMX\" = \"x\" ]; then\n    LOCAL_JMX=yes\nfi\nJMX_PORT=\"7199\"\nif [ \"$LOCAL_JMX\" = \"yes\" ]; then\n  JVM_OPTS=\"$JVM_OPTS -Dcassandra.jmx.local.port=$JMX_PORT\"\nelse\n  JVM_OPTS=\"$JVM_OPTS -Dcom.sun.management.jmxremote.authenticate=true\"\n  #JVM_OPTS=\"$JVM_OPTS -Dcom.sun.management.jmxremote.ssl=true\"\nfi\nJVM_OPTS=\"$JVM_OPTS -Da=1 -Db\" # trailing comment -Dc=2\n";
        let s = EnvScript::read(text);
        assert_eq!(
            s.local_jmx_test.map(|t| t.text(text)),
            Some("if [ \"$LOCAL_JMX\" = \"yes\" ]")
        );
        let local = s.last("LOCAL_JMX");
        assert_eq!(
            local.map(|a| (a.value.as_str(), a.branch)),
            Some(("yes", Branch::LocalJmxUnset))
        );
        assert_eq!(local.map(|a| a.span.text(text)), Some("LOCAL_JMX=yes"));
        assert_eq!(s.last("JMX_PORT").map(|a| a.value.as_str()), Some("7199"));
        let options: Vec<(&str, Option<&str>, Branch, &str)> = s
            .options
            .iter()
            .map(|o| {
                (
                    o.name.as_str(),
                    o.value.as_deref(),
                    o.branch,
                    o.span.text(text),
                )
            })
            .collect();
        assert_eq!(
            options,
            vec![
                (
                    "cassandra.jmx.local.port",
                    Some("$JMX_PORT"),
                    Branch::Local,
                    "-Dcassandra.jmx.local.port=$JMX_PORT"
                ),
                (
                    "com.sun.management.jmxremote.authenticate",
                    Some("true"),
                    Branch::Remote,
                    "-Dcom.sun.management.jmxremote.authenticate=true"
                ),
                ("a", Some("1"), Branch::Always, "-Da=1"),
                ("b", None, Branch::Always, "-Db"),
            ]
        );
    }

    fn remote(text: &str) -> Option<(RemoteServer, String, Option<String>, bool, bool)> {
        let s = EnvScript::read(text);
        s.remote_jmx().map(|r| {
            (
                r.server,
                r.enabled_how.clone(),
                r.port.clone(),
                r.authenticate.enabled,
                r.ssl.enabled,
            )
        })
    }

    const SHIPPED: &str = "if [ \"x$LOCAL_JMX\" = \"x\" ]; then\n    LOCAL_JMX=yes\nfi\nJMX_PORT=\"7199\"\nif [ \"$LOCAL_JMX\" = \"yes\" ]; then\n  JVM_OPTS=\"$JVM_OPTS -Dcassandra.jmx.local.port=$JMX_PORT\"\n  JVM_OPTS=\"$JVM_OPTS -Dcom.sun.management.jmxremote.authenticate=false\"\nelse\n  JVM_OPTS=\"$JVM_OPTS -Dcassandra.jmx.remote.port=$JMX_PORT\"\n  JVM_OPTS=\"$JVM_OPTS -Dcom.sun.management.jmxremote.authenticate=true\"\n  #JVM_OPTS=\"$JVM_OPTS -Dcom.sun.management.jmxremote.ssl=true\"\nfi\n";

    #[test]
    fn remote_jmx_follows_local_jmx() {
        assert_eq!(remote(SHIPPED), None);
        let no = SHIPPED.replace("    LOCAL_JMX=yes", "    LOCAL_JMX=no");
        assert_eq!(
            remote(&no),
            Some((
                RemoteServer::Cassandra,
                "LOCAL_JMX=no".into(),
                Some("7199".into()),
                true,
                false
            ))
        );
        let forced = format!("LOCAL_JMX=no\n{SHIPPED}");
        assert!(remote(&forced).is_some());
        let unset = SHIPPED.replace("    LOCAL_JMX=yes\n", "");
        assert!(remote(&unset).is_some());
        let without_default = SHIPPED.replace(
            "if [ \"x$LOCAL_JMX\" = \"x\" ]; then\n    LOCAL_JMX=yes\nfi\n",
            "",
        );
        assert!(remote(&without_default).is_some_and(|r| r.1.contains("never set")));
        let no_auth = no.replace("authenticate=true", "authenticate=false");
        assert!(remote(&no_auth).is_some_and(|r| !r.3));
        let expanded = SHIPPED.replace("    LOCAL_JMX=yes", "    LOCAL_JMX=${LOCAL_JMX:-yes}");
        assert_eq!(remote(&expanded), None);
        let unknown = format!("LOCAL_JMX=$(cat /etc/jmx-mode)\n{SHIPPED}");
        assert_eq!(remote(&unknown), None);
        let unknown_with_agent =
            format!("{unknown}JVM_OPTS=\"$JVM_OPTS -Dcom.sun.management.jmxremote.port=7199\"\n");
        assert!(remote(&unknown_with_agent).is_some());
        let agent =
            format!("{SHIPPED}JVM_OPTS=\"$JVM_OPTS -Dcom.sun.management.jmxremote.port=7199\"\n");
        assert_eq!(
            remote(&agent),
            Some((
                RemoteServer::JvmAgent,
                "-Dcom.sun.management.jmxremote.port starts the JVM's JMX agent".into(),
                Some("7199".into()),
                true,
                true
            ))
        );
    }

    #[test]
    fn one_line_ifs_exports_and_other_tests() {
        let text = "export LOCAL_JMX='no'\nif [ $LOCAL_JMX != yes ]; then JVM_OPTS=\"$JVM_OPTS -Dr=1\"; fi\nif [ -f /x ]; then\n JVM_OPTS=\"$JVM_OPTS -Dc=1\"\nfi\n";
        let s = EnvScript::read(text);
        assert_eq!(
            s.last("LOCAL_JMX")
                .map(|a| (a.value.as_str(), a.branch, a.span.text(text))),
            Some(("no", Branch::Always, "LOCAL_JMX='no'"))
        );
        let branches: Vec<(&str, Branch)> = s
            .options
            .iter()
            .map(|o| (o.name.as_str(), o.branch))
            .collect();
        assert_eq!(
            branches,
            vec![("r", Branch::Remote), ("c", Branch::Conditional)]
        );
    }
}
