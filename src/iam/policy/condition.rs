//! Condition operators: the names AWS knows, their families, and the
//! `ForAllValues:` / `ForAnyValue:` qualifiers and `…IfExists` suffix
//! (iam-semantics.md 8.3 and 8.4).

/// A condition operator without qualifier or `IfExists`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum BaseOperator {
    StringEquals,
    StringNotEquals,
    StringEqualsIgnoreCase,
    StringNotEqualsIgnoreCase,
    StringLike,
    StringNotLike,
    NumericEquals,
    NumericNotEquals,
    NumericLessThan,
    NumericLessThanEquals,
    NumericGreaterThan,
    NumericGreaterThanEquals,
    DateEquals,
    DateNotEquals,
    DateLessThan,
    DateLessThanEquals,
    DateGreaterThan,
    DateGreaterThanEquals,
    Bool,
    BinaryEquals,
    IpAddress,
    NotIpAddress,
    ArnEquals,
    ArnLike,
    ArnNotEquals,
    ArnNotLike,
    Null,
}

/// The value type an operator compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum OperatorFamily {
    String,
    Numeric,
    Date,
    Bool,
    Binary,
    IpAddress,
    Arn,
    Null,
}

/// `ForAllValues:` or `ForAnyValue:`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SetQualifier {
    ForAllValues,
    ForAnyValue,
}

impl SetQualifier {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            SetQualifier::ForAllValues => "ForAllValues",
            SetQualifier::ForAnyValue => "ForAnyValue",
        }
    }
}

impl BaseOperator {
    /// Every operator with its canonical spelling.
    pub const ALL: [BaseOperator; 27] = [
        BaseOperator::StringEquals,
        BaseOperator::StringNotEquals,
        BaseOperator::StringEqualsIgnoreCase,
        BaseOperator::StringNotEqualsIgnoreCase,
        BaseOperator::StringLike,
        BaseOperator::StringNotLike,
        BaseOperator::NumericEquals,
        BaseOperator::NumericNotEquals,
        BaseOperator::NumericLessThan,
        BaseOperator::NumericLessThanEquals,
        BaseOperator::NumericGreaterThan,
        BaseOperator::NumericGreaterThanEquals,
        BaseOperator::DateEquals,
        BaseOperator::DateNotEquals,
        BaseOperator::DateLessThan,
        BaseOperator::DateLessThanEquals,
        BaseOperator::DateGreaterThan,
        BaseOperator::DateGreaterThanEquals,
        BaseOperator::Bool,
        BaseOperator::BinaryEquals,
        BaseOperator::IpAddress,
        BaseOperator::NotIpAddress,
        BaseOperator::ArnEquals,
        BaseOperator::ArnLike,
        BaseOperator::ArnNotEquals,
        BaseOperator::ArnNotLike,
        BaseOperator::Null,
    ];

    #[must_use]
    pub fn name(self) -> &'static str {
        use BaseOperator as B;
        match self {
            B::StringEquals => "StringEquals",
            B::StringNotEquals => "StringNotEquals",
            B::StringEqualsIgnoreCase => "StringEqualsIgnoreCase",
            B::StringNotEqualsIgnoreCase => "StringNotEqualsIgnoreCase",
            B::StringLike => "StringLike",
            B::StringNotLike => "StringNotLike",
            B::NumericEquals => "NumericEquals",
            B::NumericNotEquals => "NumericNotEquals",
            B::NumericLessThan => "NumericLessThan",
            B::NumericLessThanEquals => "NumericLessThanEquals",
            B::NumericGreaterThan => "NumericGreaterThan",
            B::NumericGreaterThanEquals => "NumericGreaterThanEquals",
            B::DateEquals => "DateEquals",
            B::DateNotEquals => "DateNotEquals",
            B::DateLessThan => "DateLessThan",
            B::DateLessThanEquals => "DateLessThanEquals",
            B::DateGreaterThan => "DateGreaterThan",
            B::DateGreaterThanEquals => "DateGreaterThanEquals",
            B::Bool => "Bool",
            B::BinaryEquals => "BinaryEquals",
            B::IpAddress => "IpAddress",
            B::NotIpAddress => "NotIpAddress",
            B::ArnEquals => "ArnEquals",
            B::ArnLike => "ArnLike",
            B::ArnNotEquals => "ArnNotEquals",
            B::ArnNotLike => "ArnNotLike",
            B::Null => "Null",
        }
    }

    #[must_use]
    pub fn family(self) -> OperatorFamily {
        use BaseOperator as B;
        match self {
            B::StringEquals
            | B::StringNotEquals
            | B::StringEqualsIgnoreCase
            | B::StringNotEqualsIgnoreCase
            | B::StringLike
            | B::StringNotLike => OperatorFamily::String,
            B::NumericEquals
            | B::NumericNotEquals
            | B::NumericLessThan
            | B::NumericLessThanEquals
            | B::NumericGreaterThan
            | B::NumericGreaterThanEquals => OperatorFamily::Numeric,
            B::DateEquals
            | B::DateNotEquals
            | B::DateLessThan
            | B::DateLessThanEquals
            | B::DateGreaterThan
            | B::DateGreaterThanEquals => OperatorFamily::Date,
            B::Bool => OperatorFamily::Bool,
            B::BinaryEquals => OperatorFamily::Binary,
            B::IpAddress | B::NotIpAddress => OperatorFamily::IpAddress,
            B::ArnEquals | B::ArnLike | B::ArnNotEquals | B::ArnNotLike => OperatorFamily::Arn,
            B::Null => OperatorFamily::Null,
        }
    }

    /// The operators that are the complement of another ("the value must
    /// match none"): they are true when the key is missing (iam-semantics.md 8.3).
    #[must_use]
    pub fn is_negated(self) -> bool {
        self.positive() != self
    }

    /// The positive operator a negated one complements (itself otherwise).
    #[must_use]
    pub fn positive(self) -> BaseOperator {
        use BaseOperator as B;
        match self {
            B::StringNotEquals => B::StringEquals,
            B::StringNotEqualsIgnoreCase => B::StringEqualsIgnoreCase,
            B::StringNotLike => B::StringLike,
            B::NumericNotEquals => B::NumericEquals,
            B::DateNotEquals => B::DateEquals,
            B::NotIpAddress => B::IpAddress,
            B::ArnNotEquals => B::ArnEquals,
            B::ArnNotLike => B::ArnLike,
            other => other,
        }
    }

    /// Whether `${…}` policy variables are substituted in this operator's
    /// values: String, Bool and Arn operators only (iam-semantics.md 8.3).
    #[must_use]
    pub fn allows_variables(self) -> bool {
        matches!(
            self.family(),
            OperatorFamily::String | OperatorFamily::Bool | OperatorFamily::Arn
        )
    }

    fn from_name(name: &str) -> Option<BaseOperator> {
        Self::ALL
            .iter()
            .copied()
            .find(|op| op.name().eq_ignore_ascii_case(name))
    }
}

/// A parsed operator: `[ForAllValues:|ForAnyValue:]Base[IfExists]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Operator {
    pub qualifier: Option<SetQualifier>,
    pub base: BaseOperator,
    pub if_exists: bool,
}

/// An operator name AWS does not know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OperatorError {
    pub message: String,
    /// The closest known spelling, when the name looks like a typo.
    pub suggestion: Option<String>,
}

impl std::fmt::Display for OperatorError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)?;
        if let Some(s) = &self.suggestion {
            write!(f, "; did you mean `{s}`?")?;
        }
        Ok(())
    }
}

impl Operator {
    /// Parses an operator name. Names compare case-insensitively; anything
    /// else unknown is an error (never a silent "no match").
    ///
    /// # Errors
    /// An unknown qualifier or operator name.
    pub fn parse(name: &str) -> Result<Operator, OperatorError> {
        let (qualifier, rest) = match name.split_once(':') {
            Some((q, rest)) => {
                let qualifier = if q.eq_ignore_ascii_case("ForAllValues") {
                    SetQualifier::ForAllValues
                } else if q.eq_ignore_ascii_case("ForAnyValue") {
                    SetQualifier::ForAnyValue
                } else {
                    return Err(OperatorError {
                        message: format!(
                            "`{q}` is not a set operator (`ForAllValues` or `ForAnyValue`)"
                        ),
                        suggestion: crate::suggest::did_you_mean(
                            q,
                            ["ForAllValues", "ForAnyValue"],
                        )
                        .map(|s| format!("{s}:{rest}")),
                    });
                };
                (Some(qualifier), rest)
            }
            None => (None, name),
        };
        if let Some(base) = BaseOperator::from_name(rest) {
            return Ok(Operator {
                qualifier,
                base,
                if_exists: false,
            });
        }
        let lower = rest.to_ascii_lowercase();
        if let Some(stem) = lower.strip_suffix("ifexists")
            && let Some(base) = BaseOperator::from_name(stem)
        {
            return Ok(Operator {
                qualifier,
                base,
                if_exists: true,
            });
        }
        let names: Vec<String> = BaseOperator::ALL
            .iter()
            .flat_map(|op| [op.name().to_string(), format!("{}IfExists", op.name())])
            .collect();
        let suggestion =
            crate::suggest::did_you_mean(rest, names.iter().map(String::as_str)).map(|s| {
                match qualifier {
                    Some(q) => format!("{}:{s}", q.as_str()),
                    None => s.to_string(),
                }
            });
        Err(OperatorError {
            message: format!("`{name}` is not a condition operator"),
            suggestion,
        })
    }

    /// The canonical spelling (`ForAnyValue:StringLikeIfExists`).
    #[must_use]
    pub fn canonical_name(&self) -> String {
        let mut s = String::new();
        if let Some(q) = self.qualifier {
            s.push_str(q.as_str());
            s.push(':');
        }
        s.push_str(self.base.name());
        if self.if_exists {
            s.push_str("IfExists");
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_qualifiers_and_suffixes() {
        let op = Operator::parse("ForAnyValue:StringLikeIfExists");
        assert_eq!(
            op,
            Ok(Operator {
                qualifier: Some(SetQualifier::ForAnyValue),
                base: BaseOperator::StringLike,
                if_exists: true
            })
        );
        assert_eq!(
            Operator::parse("stringequals").map(|o| o.base),
            Ok(BaseOperator::StringEquals)
        );
        assert_eq!(
            Operator::parse("NotIpAddressIfExists").map(|o| o.canonical_name()),
            Ok("NotIpAddressIfExists".to_string())
        );
    }

    #[test]
    fn unknown_operators_are_errors_with_suggestions() {
        let e = Operator::parse("StringEqualz");
        assert_eq!(
            e.as_ref().err().and_then(|e| e.suggestion.as_deref()),
            Some("StringEquals")
        );
        let e = Operator::parse("ForAllValue:StringEquals");
        assert_eq!(
            e.as_ref().err().and_then(|e| e.suggestion.as_deref()),
            Some("ForAllValues:StringEquals")
        );
        assert!(Operator::parse("Foo").is_err());
    }

    #[test]
    fn negated_operators_complement_a_positive_one() {
        assert!(BaseOperator::NotIpAddress.is_negated());
        assert!(BaseOperator::ArnNotLike.is_negated());
        assert!(!BaseOperator::NumericLessThan.is_negated());
        assert!(!BaseOperator::Null.is_negated());
        assert!(BaseOperator::Bool.allows_variables());
        assert!(!BaseOperator::DateEquals.allows_variables());
    }
}
