//! One table per documented rule of `iam-semantics.md` (the section is
//! cited in every case), plus the cases other evaluators get wrong
//! (`peers-iam.md` sections 3 and 4).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use cloudlint::iam::eval::{
    Context, Decision, PolicyDoc, PolicySet, Request, ResourcePolicy, ResourcePolicyKind, evaluate,
};
use cloudlint::iam::policy::PolicyType;

const USER: &str = "arn:aws:iam::111122223333:user/alice";
const SESSION: &str = "arn:aws:sts::111122223333:assumed-role/app/s1";
const OBJ: &str = "arn:aws:s3:::mybucket/a.txt";

#[derive(Default, Clone)]
struct Case {
    cite: &'static str,
    identity: Vec<&'static str>,
    resource: Option<(&'static str, ResourcePolicyKind)>,
    boundary: Option<&'static str>,
    session: Option<&'static str>,
    scps: Vec<&'static str>,
    rcps: Vec<&'static str>,
    principal: &'static str,
    action: &'static str,
    resource_arn: &'static str,
    resource_account: Option<&'static str>,
    context: Vec<(&'static str, &'static str)>,
    expect: Option<Decision>,
}

fn doc(text: &str, ty: PolicyType) -> PolicyDoc {
    PolicyDoc::from_text("p.json", text, ty)
        .unwrap_or_else(|e| panic!("policy rejected: {e:?}\n{text}"))
}

fn run(c: &Case) -> Decision {
    let mut set = PolicySet {
        identity: c
            .identity
            .iter()
            .map(|t| doc(t, PolicyType::Identity))
            .collect(),
        scps: c
            .scps
            .iter()
            .map(|t| vec![doc(t, PolicyType::Scp)])
            .collect(),
        rcps: c
            .rcps
            .iter()
            .map(|t| vec![doc(t, PolicyType::Rcp)])
            .collect(),
        permissions_boundary: c.boundary.map(|t| doc(t, PolicyType::PermissionsBoundary)),
        session: c.session.map(|t| doc(t, PolicyType::Session)),
        ..PolicySet::default()
    };
    if let Some((t, kind)) = c.resource {
        let ty = if kind == ResourcePolicyKind::Trust {
            PolicyType::Trust
        } else {
            PolicyType::Resource
        };
        set.resource = Some(ResourcePolicy {
            doc: doc(t, ty),
            kind,
        });
    }
    let mut ctx = Context::default();
    for (k, v) in &c.context {
        ctx.add(k, v);
    }
    let principal = if c.principal.is_empty() {
        USER
    } else {
        c.principal
    };
    let action = if c.action.is_empty() {
        "s3:GetObject"
    } else {
        c.action
    };
    let resource = if c.resource_arn.is_empty() {
        OBJ
    } else {
        c.resource_arn
    };
    let req = Request::new(principal, action, resource)
        .unwrap()
        .with_context(ctx)
        .with_resource_account(c.resource_account.map(str::to_string));
    evaluate(&set, &req)
        .unwrap_or_else(|e| panic!("{}: {e}", c.cite))
        .decision
}

fn check(cases: &[Case]) {
    let mut failures = Vec::new();
    for c in cases {
        let got = run(c);
        if Some(got) != c.expect {
            failures.push(format!("{}: expected {:?}, got {got:?}", c.cite, c.expect));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// An identity policy allowing `action` on `resource`.
fn allow(action: &str, resource: &str) -> &'static str {
    leak(format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Action":"{action}","Resource":"{resource}"}}]}}"#
    ))
}

fn deny(action: &str, resource: &str) -> &'static str {
    leak(format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Deny","Action":"{action}","Resource":"{resource}"}}]}}"#
    ))
}

/// An identity policy allowing s3:GetObject on `*` under one condition block.
fn cond(condition: &str) -> &'static str {
    leak(format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{condition}}}]}}"#
    ))
}

/// A resource policy allowing `action` to `principal` (a JSON value).
fn grant(principal: &str, action: &str, effect: &str) -> &'static str {
    leak(format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"{effect}","Principal":{principal},"Action":"{action}","Resource":"*"}}]}}"#
    ))
}

fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

fn allowed(cite: &'static str) -> Case {
    Case {
        cite,
        expect: Some(Decision::Allowed),
        ..Case::default()
    }
}
fn implicit(cite: &'static str) -> Case {
    Case {
        cite,
        expect: Some(Decision::ImplicitDeny),
        ..Case::default()
    }
}
fn explicit(cite: &'static str) -> Case {
    Case {
        cite,
        expect: Some(Decision::ExplicitDeny),
        ..Case::default()
    }
}

#[test]
fn s8_1_1_default_deny_and_the_root_user() {
    check(&[
        implicit("8.1.1 no policy: implicit deny"),
        Case {
            principal: "arn:aws:iam::111122223333:root",
            ..allowed("8.1.1 the root user has full access")
        },
        Case {
            principal: "111122223333",
            ..allowed("8.1.1 an account id means its root user")
        },
    ]);
}

#[test]
fn s8_1_2_explicit_deny_anywhere_wins() {
    let all = allow("*", "*");
    check(&[
        Case {
            identity: vec![all, deny("s3:GetObject", "*")],
            ..explicit("8.1.2 identity deny beats identity allow")
        },
        Case {
            identity: vec![all],
            resource: Some((grant(r#""*""#, "s3:*", "Deny"), ResourcePolicyKind::Generic)),
            ..explicit("8.1.2 resource-policy deny")
        },
        Case {
            identity: vec![all],
            boundary: Some(deny("s3:*", "*")),
            ..explicit("8.1.2 boundary deny")
        },
        Case {
            principal: SESSION,
            identity: vec![all],
            session: Some(deny("s3:*", "*")),
            ..explicit("8.1.2 session-policy deny")
        },
        Case {
            identity: vec![all],
            scps: vec![all, deny("s3:*", "*")],
            ..explicit("8.1.2 SCP deny at an OU")
        },
        Case {
            identity: vec![all],
            rcps: vec![grant(r#""*""#, "s3:GetObject", "Deny")],
            ..explicit("8.1.2 RCP deny (RCPs can deny)")
        },
        Case {
            principal: "arn:aws:iam::111122223333:root",
            resource: Some((
                grant(r#"{"AWS":"111122223333"}"#, "s3:*", "Deny"),
                ResourcePolicyKind::Generic,
            )),
            ..explicit("8.1.2 a resource-policy deny applies to the root user")
        },
    ]);
}

#[test]
fn s8_1_3_scps_need_an_allow_at_every_level() {
    let all = allow("*", "*");
    let slr = "arn:aws:iam::111122223333:role/aws-service-role/elasticbeanstalk.amazonaws.com/AWSServiceRoleForElasticBeanstalk";
    check(&[
        Case {
            identity: vec![all],
            scps: vec![all, allow("ec2:*", "*")],
            ..implicit("8.1.3 OU SCP allows only ec2")
        },
        Case {
            identity: vec![all],
            scps: vec![all, allow("s3:*", "*")],
            ..allowed("8.1.3 allow at every level")
        },
        Case {
            identity: vec![all],
            scps: vec![allow("s3:*", "*"), allow("s3:*", "*"), allow("ec2:*", "*")],
            ..implicit("8.1.3 the account level lacks an allow")
        },
        Case {
            principal: slr,
            identity: vec![all],
            scps: vec![deny("*", "*")],
            ..allowed("8.1.3 SCPs do not restrict service-linked roles")
        },
        Case {
            principal: "arn:aws:iam::111122223333:root",
            scps: vec![allow("ec2:*", "*")],
            ..implicit("8.1.3 SCPs restrict a member account's root user")
        },
        Case {
            identity: vec![all],
            rcps: vec![grant(r#""*""#, "s3:DeleteBucket", "Deny")],
            ..allowed(
                "8.1.2 RCPFullAWSAccess is implicit at every level: an RCP without allows does not deny",
            )
        },
    ]);
}

#[test]
fn s8_1_4_resource_policies_by_principal_named() {
    let named_user = grant(
        r#"{"AWS":"arn:aws:iam::111122223333:user/alice"}"#,
        "s3:GetObject",
        "Allow",
    );
    let named_role = grant(
        r#"{"AWS":"arn:aws:iam::111122223333:role/team/app"}"#,
        "s3:GetObject",
        "Allow",
    );
    let named_session = grant(
        r#"{"AWS":"arn:aws:sts::111122223333:assumed-role/app/s1"}"#,
        "s3:GetObject",
        "Allow",
    );
    let named_account = grant(
        r#"{"AWS":"arn:aws:iam::111122223333:root"}"#,
        "s3:GetObject",
        "Allow",
    );
    let only_ec2 = allow("ec2:*", "*");
    let g = ResourcePolicyKind::Generic;
    check(&[
        Case {
            resource: Some((named_user, g)),
            ..allowed("8.1.4 user named: no identity policy needed")
        },
        Case {
            resource: Some((named_user, g)),
            boundary: Some(only_ec2),
            ..allowed("8.1.4 user named: not limited by the boundary")
        },
        Case {
            principal: SESSION,
            resource: Some((named_role, g)),
            ..allowed("8.1.4 role named: its sessions (path ignored)")
        },
        Case {
            principal: SESSION,
            resource: Some((named_role, g)),
            boundary: Some(only_ec2),
            ..implicit("8.1.4 role named: limited by the boundary")
        },
        Case {
            principal: SESSION,
            resource: Some((named_role, g)),
            session: Some(only_ec2),
            ..implicit("8.1.4 role named: limited by the session policy")
        },
        Case {
            principal: SESSION,
            resource: Some((named_session, g)),
            boundary: Some(only_ec2),
            session: Some(only_ec2),
            ..allowed("8.1.4 session named: granted to the session directly")
        },
        Case {
            principal: SESSION,
            resource: Some((grant(r#""*""#, "s3:GetObject", "Allow"), g)),
            session: Some(only_ec2),
            ..implicit(
                "8.1.4 \"*\" does not name the session ARN: the session policy still limits it (found by the differential test)",
            )
        },
        Case {
            principal: SESSION,
            resource: Some((grant(r#""*""#, "s3:GetObject", "Allow"), g)),
            ..allowed("8.1.4 \"*\" for a role session without session policy or boundary")
        },
        Case {
            resource: Some((named_account, g)),
            ..implicit("8.1.4 account named: delegates to identity policies")
        },
        Case {
            resource: Some((named_account, g)),
            identity: vec![allow("s3:GetObject", "*")],
            ..allowed("8.1.4 account named + identity allow")
        },
    ]);
}

#[test]
fn s8_1_4_trust_and_key_policies_must_allow_explicitly() {
    let role = "arn:aws:iam::111122223333:role/target";
    let key = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    let trust_other = grant(
        r#"{"AWS":"arn:aws:iam::111122223333:user/bob"}"#,
        "sts:AssumeRole",
        "Allow",
    );
    let trust_alice = grant(
        r#"{"AWS":"arn:aws:iam::111122223333:user/alice"}"#,
        "sts:AssumeRole",
        "Allow",
    );
    let trust_account = grant(r#"{"AWS":"111122223333"}"#, "sts:AssumeRole", "Allow");
    let key_other = grant(
        r#"{"AWS":"arn:aws:iam::111122223333:user/bob"}"#,
        "kms:*",
        "Allow",
    );
    let key_account = grant(
        r#"{"AWS":"arn:aws:iam::111122223333:root"}"#,
        "kms:*",
        "Allow",
    );
    let t = ResourcePolicyKind::Trust;
    let k = ResourcePolicyKind::KeyPolicy;
    let assume = Case {
        action: "sts:AssumeRole",
        resource_arn: role,
        ..Case::default()
    };
    let decrypt = Case {
        action: "kms:Decrypt",
        resource_arn: key,
        ..Case::default()
    };
    check(&[
        Case {
            identity: vec![allow("sts:AssumeRole", "*")],
            resource: Some((trust_other, t)),
            ..implicit("8.1.4 trust policy not naming the caller: identity allow is not enough")
        }
        .with(&assume),
        Case {
            resource: Some((trust_alice, t)),
            ..allowed("8.1.4 trust policy naming the user, same account")
        }
        .with(&assume),
        Case {
            resource: Some((trust_account, t)),
            ..implicit("8.1.4 trust policy naming the account delegates")
        }
        .with(&assume),
        Case {
            resource: Some((trust_account, t)),
            identity: vec![allow("sts:AssumeRole", role)],
            ..allowed("8.1.4 trust policy naming the account + identity allow")
        }
        .with(&assume),
        Case {
            identity: vec![allow("kms:Decrypt", "*")],
            resource: Some((key_other, k)),
            ..implicit("8.1.4 key policy not naming the caller")
        }
        .with(&decrypt),
        Case {
            identity: vec![allow("kms:Decrypt", "*")],
            resource: Some((key_account, k)),
            ..allowed("8.1.4 key policy enabling IAM policies + identity allow")
        }
        .with(&decrypt),
        Case {
            resource: Some((key_account, k)),
            ..implicit("8.1.4 key policy naming the account alone")
        }
        .with(&decrypt),
        Case {
            principal: "arn:aws:iam::111122223333:root",
            resource: Some((key_other, k)),
            ..implicit("8.1.4 even the root user needs the key policy")
        }
        .with(&decrypt),
    ]);
}

impl Case {
    /// Takes the request fields of `base`.
    fn with(mut self, base: &Case) -> Case {
        self.action = base.action;
        self.resource_arn = base.resource_arn;
        self
    }
}

#[test]
fn s8_1_5_to_8_1_8_identity_boundary_session_union() {
    let all = allow("*", "*");
    let fed = "arn:aws:sts::111122223333:federated-user/bob";
    check(&[
        Case {
            identity: vec![allow("ec2:*", "*")],
            ..implicit("8.1.5 no identity allow")
        },
        Case {
            identity: vec![all],
            boundary: Some(allow("ec2:*", "*")),
            ..implicit("8.1.6 boundary does not allow")
        },
        Case {
            identity: vec![all],
            boundary: Some(allow("s3:GetObject", "*")),
            ..allowed("8.1.6 boundary and identity both allow")
        },
        Case {
            principal: SESSION,
            identity: vec![allow("s3:*", "*")],
            session: Some(allow("s3:GetObject", "arn:aws:s3:::other/*")),
            ..implicit("8.1.7 session policy intersects")
        },
        Case {
            principal: SESSION,
            identity: vec![all],
            ..allowed("8.1.7 role session without session policy")
        },
        Case {
            principal: fed,
            identity: vec![all],
            ..implicit("8.1.7 federated user without session policy")
        },
        Case {
            principal: fed,
            identity: vec![all],
            session: Some(all),
            ..allowed("8.1.7 federated user with session policy")
        },
        Case {
            identity: vec![allow("s3:GetObject", "*")],
            resource: Some((
                grant(
                    r#"{"AWS":"arn:aws:iam::111122223333:user/bob"}"#,
                    "s3:*",
                    "Allow",
                ),
                ResourcePolicyKind::Generic,
            )),
            ..allowed("8.1.8 union: identity allows, resource policy does not")
        },
    ]);
}

#[test]
fn s8_2_cross_account_needs_both_sides() {
    let other = "arn:aws:kms:us-east-1:444455556666:key/k";
    let bucket_to_account = grant(
        r#"{"AWS":"arn:aws:iam::111122223333:root"}"#,
        "s3:GetObject",
        "Allow",
    );
    let g = ResourcePolicyKind::Generic;
    check(&[
        Case {
            identity: vec![allow("s3:GetObject", "*")],
            resource_account: Some("444455556666"),
            ..implicit("8.2 identity allow, no resource policy")
        },
        Case {
            identity: vec![allow("s3:GetObject", "*")],
            resource: Some((bucket_to_account, g)),
            resource_account: Some("444455556666"),
            ..allowed("8.2 bucket policy trusting the account + identity allow")
        },
        Case {
            resource: Some((bucket_to_account, g)),
            resource_account: Some("444455556666"),
            ..implicit("8.2 bucket policy allows, the caller's account does not")
        },
        Case {
            identity: vec![allow("kms:Decrypt", "*")],
            action: "kms:Decrypt",
            resource_arn: other,
            ..implicit("8.2 the resource's account is read from its ARN")
        },
        Case {
            identity: vec![allow("s3:GetObject", "*")],
            scps: vec![allow("ec2:*", "*")],
            resource: Some((bucket_to_account, g)),
            resource_account: Some("444455556666"),
            ..implicit("8.2 the requester side includes its SCPs")
        },
    ]);
}

#[test]
fn s8_3_string_numeric_date_bool_binary_ip_arn() {
    let c = |condition: &str,
             ctx: Vec<(&'static str, &'static str)>,
             cite: &'static str,
             expect: Decision| Case {
        identity: vec![cond(condition)],
        context: ctx,
        cite,
        expect: Some(expect),
        ..Case::default()
    };
    use Decision::{Allowed as A, ImplicitDeny as I};
    check(&[
        c(
            r#"{"StringEquals":{"aws:PrincipalTag/team":"Blue"}}"#,
            vec![("aws:PrincipalTag/team", "blue")],
            "8.3 StringEquals is case-sensitive",
            I,
        ),
        c(
            r#"{"StringEqualsIgnoreCase":{"aws:PrincipalTag/team":"Blue"}}"#,
            vec![("aws:PrincipalTag/team", "blue")],
            "8.3 StringEqualsIgnoreCase",
            A,
        ),
        c(
            r#"{"StringLike":{"s3:prefix":"home/*/d?c"}}"#,
            vec![("s3:prefix", "home/a/b/doc")],
            "8.3 StringLike * and ?",
            A,
        ),
        c(
            r#"{"StringLike":{"s3:prefix":"Home/*"}}"#,
            vec![("s3:prefix", "home/a")],
            "8.3 StringLike is case-sensitive",
            I,
        ),
        c(
            r#"{"StringNotLike":{"s3:prefix":"tmp/*"}}"#,
            vec![("s3:prefix", "home/a")],
            "8.3 StringNotLike",
            A,
        ),
        c(
            r#"{"NumericLessThan":{"aws:MultiFactorAuthAge":"3600"}}"#,
            vec![("aws:MultiFactorAuthAge", "3599.5")],
            "8.3 Numeric decimal",
            A,
        ),
        c(
            r#"{"NumericEquals":{"s3:max-keys":10}}"#,
            vec![("s3:max-keys", "10.0")],
            "8.3 NumericEquals 10 = 10.0",
            A,
        ),
        c(
            r#"{"NumericGreaterThanEquals":{"s3:max-keys":"10"}}"#,
            vec![("s3:max-keys", "9")],
            "8.3 NumericGreaterThanEquals",
            I,
        ),
        c(
            r#"{"DateGreaterThan":{"aws:CurrentTime":"2020-01-01T00:00:00Z"}}"#,
            vec![("aws:CurrentTime", "2024-05-01T12:00:00Z")],
            "8.3 Date ISO",
            A,
        ),
        c(
            r#"{"DateLessThan":{"aws:CurrentTime":"1893456000"}}"#,
            vec![("aws:CurrentTime", "2024-01-01T00:00:00Z")],
            "8.3 Date epoch policy vs ISO request (iam-simulate gets this wrong, peers 3)",
            A,
        ),
        c(
            r#"{"DateLessThan":{"aws:CurrentTime":"2020-01-01T00:00:00Z"}}"#,
            vec![("aws:CurrentTime", "1704067200")],
            "8.3 Date ISO policy vs epoch request (iam-simulate gets this wrong, peers 3)",
            I,
        ),
        c(
            r#"{"Bool":{"aws:SecureTransport":"true"}}"#,
            vec![("aws:SecureTransport", "true")],
            "8.3 Bool",
            A,
        ),
        c(
            r#"{"Bool":{"aws:SecureTransport":false}}"#,
            vec![("aws:SecureTransport", "true")],
            "8.3 Bool (JSON boolean)",
            I,
        ),
        c(
            r#"{"BinaryEquals":{"key":"QmluYXJ5VmFsdWU="}}"#,
            vec![("key", "QmluYXJ5VmFsdWU")],
            "8.3 BinaryEquals compares bytes",
            A,
        ),
        c(
            r#"{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}"#,
            vec![("aws:SourceIp", "10.1.2.3")],
            "8.3 IpAddress CIDR",
            A,
        ),
        c(
            r#"{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}"#,
            vec![("aws:SourceIp", "192.168.1.1")],
            "8.3 IpAddress outside",
            I,
        ),
        c(
            r#"{"IpAddress":{"aws:SourceIp":"203.0.113.7"}}"#,
            vec![("aws:SourceIp", "203.0.113.7")],
            "8.3 bare address = /32",
            A,
        ),
        c(
            r#"{"IpAddress":{"aws:SourceIp":"2001:DB8::/32"}}"#,
            vec![("aws:SourceIp", "2001:db8::1")],
            "8.3 IPv6",
            A,
        ),
        c(
            r#"{"NotIpAddress":{"aws:SourceIp":["10.0.0.0/8","192.168.0.0/16"]}}"#,
            vec![("aws:SourceIp", "192.168.1.1")],
            "8.3 NotIpAddress over several values",
            I,
        ),
        c(
            r#"{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}"#,
            vec![],
            "8.3 aws:SourceIp absent (VPC endpoint)",
            I,
        ),
        c(
            r#"{"ArnLike":{"aws:SourceArn":"arn:aws:someservice:*:111122223333:finance/*"}}"#,
            vec![(
                "aws:SourceArn",
                "arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt",
            )],
            "8.3 ArnLike checks each component (doc example)",
            I,
        ),
        c(
            r#"{"StringLike":{"aws:SourceArn":"arn:aws:someservice:*:111122223333:finance/*"}}"#,
            vec![(
                "aws:SourceArn",
                "arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt",
            )],
            "8.3 StringLike on the same example matches",
            A,
        ),
        c(
            r#"{"ArnEquals":{"aws:SourceArn":"arn:aws:sns:*:111122223333:topic"}}"#,
            vec![("aws:SourceArn", "arn:aws:sns:us-east-1:111122223333:topic")],
            "8.3 ArnEquals = ArnLike",
            A,
        ),
    ]);
}

#[test]
fn s8_3_ifexists_null_missing_keys_and_combination() {
    let c = |condition: &str,
             ctx: Vec<(&'static str, &'static str)>,
             cite: &'static str,
             expect: Decision| Case {
        identity: vec![cond(condition)],
        context: ctx,
        cite,
        expect: Some(expect),
        ..Case::default()
    };
    use Decision::{Allowed as A, ImplicitDeny as I};
    let deny_unless_tag = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},
        {"Effect":"Deny","Action":"s3:GetObject","Resource":"*","Condition":{"StringNotEqualsIfExists":{"aws:PrincipalTag/team":"blue"}}}]}"#;
    check(&[
        c(
            r#"{"StringEqualsIfExists":{"ec2:InstanceType":"t3.micro"}}"#,
            vec![],
            "8.3 IfExists: missing key -> true",
            A,
        ),
        c(
            r#"{"StringEqualsIfExists":{"ec2:InstanceType":"t3.micro"}}"#,
            vec![("ec2:InstanceType", "m5.large")],
            "8.3 IfExists: present key is tested",
            I,
        ),
        Case {
            identity: vec![deny_unless_tag],
            ..allowed("8.3 Deny + negated IfExists, key missing: the IfExists condition is true")
        }
        .into_explicit(),
        c(
            r#"{"Null":{"aws:TokenIssueTime":"true"}}"#,
            vec![],
            "8.3 Null true = key absent",
            A,
        ),
        c(
            r#"{"Null":{"aws:TokenIssueTime":"true"}}"#,
            vec![("aws:TokenIssueTime", "2024-01-01T00:00:00Z")],
            "8.3 Null true, key present",
            I,
        ),
        c(
            r#"{"Null":{"aws:TokenIssueTime":false}}"#,
            vec![("aws:TokenIssueTime", "2024-01-01T00:00:00Z")],
            "8.3 Null false = key present",
            A,
        ),
        c(
            r#"{"StringEquals":{"aws:PrincipalTag/x":"a"}}"#,
            vec![],
            "8.3 missing key: positive operator false",
            I,
        ),
        c(
            r#"{"StringNotLike":{"aws:PrincipalTag/x":"a*"}}"#,
            vec![],
            "8.3 missing key: negated operator true (PMapper gets this wrong, peers 4)",
            A,
        ),
        c(
            r#"{"ArnNotLike":{"aws:SourceArn":"arn:aws:s3:::x"}}"#,
            vec![],
            "8.3 missing key: ArnNotLike true",
            A,
        ),
        c(
            r#"{"StringEquals":{"aws:PrincipalTag/team":["red","blue"]}}"#,
            vec![("aws:PrincipalTag/team", "blue")],
            "8.3 several values OR",
            A,
        ),
        c(
            r#"{"StringEquals":{"aws:PrincipalTag/team":"blue","aws:PrincipalTag/env":"prod"}}"#,
            vec![("aws:PrincipalTag/team", "blue")],
            "8.3 several keys AND",
            I,
        ),
        c(
            r#"{"StringEquals":{"aws:PrincipalTag/team":"blue"},"Bool":{"aws:SecureTransport":"true"}}"#,
            vec![
                ("aws:PrincipalTag/team", "blue"),
                ("aws:SecureTransport", "false"),
            ],
            "8.3 several operators AND",
            I,
        ),
        c(
            r#"{"StringNotEquals":{"aws:PrincipalTag/team":["red","blue"]}}"#,
            vec![("aws:PrincipalTag/team", "blue")],
            "8.3 negated over several values: must match none",
            I,
        ),
        c(
            r#"{"StringNotEquals":{"aws:PrincipalTag/team":["red","blue"]}}"#,
            vec![("aws:PrincipalTag/team", "green")],
            "8.3 negated over several values: matches none",
            A,
        ),
        c(
            r#"{"stringequals":{"AWS:PrincipalTag/Team":"blue"}}"#,
            vec![("aws:principaltag/team", "blue")],
            "8.3 key names case-insensitive",
            A,
        ),
    ]);
}

impl Case {
    fn into_explicit(mut self) -> Case {
        self.expect = Some(Decision::ExplicitDeny);
        self
    }
}

#[test]
fn s8_4_set_operators() {
    let c = |condition: &str,
             ctx: Vec<(&'static str, &'static str)>,
             cite: &'static str,
             expect: Decision| Case {
        identity: vec![cond(condition)],
        context: ctx,
        cite,
        expect: Some(expect),
        ..Case::default()
    };
    use Decision::{Allowed as A, ImplicitDeny as I};
    let all = r#"{"ForAllValues:StringEquals":{"aws:TagKeys":["env","team"]}}"#;
    let any = r#"{"ForAnyValue:StringEquals":{"aws:TagKeys":["env","team"]}}"#;
    check(&[
        c(all, vec![], "8.4 ForAllValues: key absent -> true", A),
        c(
            all,
            vec![("aws:TagKeys", "")],
            "8.4 ForAllValues: empty string is a null data set -> true",
            A,
        ),
        c(
            all,
            vec![("aws:TagKeys", "env")],
            "8.4 ForAllValues: subset",
            A,
        ),
        c(
            all,
            vec![("aws:TagKeys", "env"), ("aws:TagKeys", "owner")],
            "8.4 ForAllValues: one value outside",
            I,
        ),
        c(any, vec![], "8.4 ForAnyValue: key absent -> false", I),
        c(
            any,
            vec![("aws:TagKeys", "owner"), ("aws:TagKeys", "team")],
            "8.4 ForAnyValue: overlap",
            A,
        ),
        c(
            any,
            vec![("aws:TagKeys", "owner")],
            "8.4 ForAnyValue: no overlap",
            I,
        ),
        c(
            r#"{"ForAllValues:StringNotEquals":{"aws:TagKeys":["secret"]}}"#,
            vec![("aws:TagKeys", "a"), ("aws:TagKeys", "b")],
            "8.4 ForAllValues negated",
            A,
        ),
        c(
            r#"{"ForAnyValue:StringNotEquals":{"aws:TagKeys":["a"]}}"#,
            vec![("aws:TagKeys", "a")],
            "8.4 ForAnyValue negated",
            I,
        ),
        c(
            r#"{"ForAnyValue:StringLike":{"aws:TagKeys":["team-*"]}}"#,
            vec![("aws:TagKeys", "team-x")],
            "8.4 wildcards need StringLike",
            A,
        ),
        c(
            r#"{"ForAnyValue:StringEqualsIfExists":{"aws:TagKeys":["a"]}}"#,
            vec![],
            "8.4 ForAnyValue...IfExists absent",
            A,
        ),
    ]);
}

#[test]
fn s8_5_policy_variables() {
    let res = |resource: &str, version: &str| {
        leak(format!(
            r#"{{{version}"Statement":[{{"Effect":"Allow","Action":"s3:GetObject","Resource":"{resource}"}}]}}"#
        ))
    };
    let v12 = r#""Version":"2012-10-17","#;
    let v08 = r#""Version":"2008-10-17","#;
    let home = "arn:aws:s3:::mybucket/home/alice/a.txt";
    check(&[
        Case {
            identity: vec![res("arn:aws:s3:::mybucket/home/${aws:username}/*", v12)],
            resource_arn: home,
            ..allowed("8.5 ${aws:username} (derived from a user ARN)")
        },
        Case {
            principal: SESSION,
            identity: vec![res("arn:aws:s3:::mybucket/home/${aws:username}/*", v12)],
            resource_arn: home,
            ..implicit("8.5 missing value: the Resource matches nothing")
        },
        Case {
            principal: SESSION,
            identity: vec![res(
                "arn:aws:s3:::mybucket/home/${aws:PrincipalTag/team, 'alice'}/*",
                v12,
            )],
            resource_arn: home,
            ..allowed("8.5 default value (PMapper gets this wrong, peers 4)")
        },
        Case {
            principal: SESSION,
            identity: vec![res(
                "arn:aws:s3:::mybucket/home/${aws:PrincipalTag/team, 'bob'}/*",
                v12,
            )],
            context: vec![("aws:PrincipalTag/team", "alice")],
            resource_arn: home,
            ..allowed("8.5 the value wins over the default")
        },
        Case {
            identity: vec![res("arn:aws:s3:::mybucket/home/${aws:username}/*", v08)],
            resource_arn: home,
            ..implicit("8.5 2008-10-17: variables are literal")
        },
        Case {
            identity: vec![res("arn:aws:s3:::mybucket/home/${aws:username}/*", "")],
            resource_arn: home,
            ..implicit("8.5 no Version: variables are literal")
        },
        Case {
            identity: vec![res("arn:aws:s3:::mybucket/home/${aws:username}/*", "")],
            resource_arn: "arn:aws:s3:::mybucket/home/${aws:username}/a.txt",
            ..allowed("8.5 no Version: the literal text matches itself")
        },
        Case {
            principal: SESSION,
            identity: vec![allow("kms:Decrypt", "arn:aws:kms:*:${aws:PrincipalAccount}:key/*")],
            action: "kms:Decrypt",
            resource_arn: "arn:aws:kms:us-east-1:111122223333:key/k",
            ..allowed("8.5 a variable in the account field, as AWS's managed policy AmazonTimestreamInfluxDBServiceRolePolicy writes it")
        },
        Case {
            principal: SESSION,
            identity: vec![leak(
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","NotResource":"arn:aws:s3:::x/${aws:username}/*"}]}"#.to_string(),
            )],
            ..implicit("8.5 missing value in NotResource: it matches no resource, the statement does not apply (found by the differential test)")
        },
        Case {
            identity: vec![cond(r#"{"StringLike":{"s3:prefix":"a${*}b"}}"#)],
            context: vec![("s3:prefix", "a*b")],
            ..allowed("8.5 ${*} is a literal *")
        },
        Case {
            identity: vec![cond(r#"{"StringLike":{"s3:prefix":"a${*}b"}}"#)],
            context: vec![("s3:prefix", "axxb")],
            ..implicit("8.5 ${*} is not a wildcard")
        },
        Case {
            identity: vec![cond(r#"{"StringEquals":{"s3:prefix":"${?}${$}"}}"#)],
            context: vec![("s3:prefix", "?$")],
            ..allowed("8.5 ${?} and ${$}")
        },
        Case {
            principal: SESSION,
            identity: vec![cond(
                r#"{"StringNotEquals":{"s3:prefix":"${aws:username}"}}"#,
            )],
            context: vec![("s3:prefix", "x")],
            ..allowed("8.5 negated operators match against an unresolved variable")
        },
        Case {
            principal: SESSION,
            identity: vec![cond(r#"{"StringEquals":{"s3:prefix":"${aws:username}"}}"#)],
            context: vec![("s3:prefix", "${aws:username}")],
            ..implicit("8.5 an unresolved variable is not its literal text")
        },
        Case {
            identity: vec![cond(
                r#"{"StringEquals":{"aws:PrincipalTag/owner":"${aws:username}"}}"#,
            )],
            context: vec![("aws:PrincipalTag/owner", "alice")],
            ..allowed("8.5 variables in condition values")
        },
    ]);
}

#[test]
fn s8_6_matching() {
    let nr = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","NotResource":"arn:aws:s3:::otherbucket/*"}]}"#;
    let na_allow = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":"s3:DeleteBucket","Resource":"arn:aws:s3:::*"}]}"#;
    let na_deny = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","NotAction":"s3:*","Resource":"*"}]}"#;
    let g = ResourcePolicyKind::Generic;
    check(&[
        Case {
            identity: vec![allow("S3:getobject", "*")],
            ..allowed("8.6 actions are case-insensitive")
        },
        Case {
            identity: vec![allow("s3:Get*Obj?ct", "*")],
            ..allowed("8.6 action wildcards * and ?")
        },
        Case {
            identity: vec![allow("s3:*", "arn:aws:s3:::MYBUCKET/*")],
            ..implicit("8.6 resources are case-sensitive (PMapper gets this wrong, peers 4)")
        },
        Case {
            identity: vec![allow("s3:*", "arn:aws:s3:::mybucke?/*")],
            ..allowed("8.6 ? is one character")
        },
        Case {
            identity: vec![allow("s3:*", "arn:aws:s3:::mybucket/a+(1).txt")],
            resource_arn: "arn:aws:s3:::mybucket/a+(1).txt",
            ..allowed("8.6 +, ( and . are literal (PMapper gets this wrong, peers 4)")
        },
        Case {
            identity: vec![allow("s3:*", "arn:aws:s3:::mybucket/a.txt")],
            resource_arn: "arn:aws:s3:::mybucket/aXtxt",
            ..implicit("8.6 . is not a wildcard")
        },
        Case {
            identity: vec![nr],
            ..allowed("8.6 NotResource: other resources match")
        },
        Case {
            identity: vec![nr],
            resource_arn: "arn:aws:s3:::otherbucket/x",
            ..implicit("8.6 NotResource: listed resource does not")
        },
        Case {
            identity: vec![na_allow],
            action: "s3:GetObject",
            ..allowed("8.6 NotAction with Allow grants other actions on the listed resource")
        },
        Case {
            identity: vec![na_allow],
            action: "s3:DeleteBucket",
            ..implicit("8.6 NotAction with Allow: the listed action is not granted")
        },
        Case {
            identity: vec![na_allow],
            action: "ec2:RunInstances",
            resource_arn: "arn:aws:ec2:us-east-1:111122223333:instance/i-1",
            ..implicit("8.6 NotAction with Allow: only on the listed Resource")
        },
        Case {
            identity: vec![na_deny],
            action: "ec2:RunInstances",
            resource_arn: "*",
            ..explicit("8.6 NotAction with Deny denies every unlisted action")
        },
        Case {
            identity: vec![na_deny],
            ..allowed("8.6 NotAction with Deny: listed actions are not denied")
        },
        Case {
            resource: Some((grant(r#"{"AWS":"*"}"#, "s3:GetObject", "Allow"), g)),
            ..allowed("8.6 {\"AWS\":\"*\"} names everyone")
        },
        Case {
            principal: "cloudtrail.amazonaws.com",
            resource: Some((
                grant(
                    r#"{"Service":"cloudtrail.amazonaws.com"}"#,
                    "s3:GetObject",
                    "Allow",
                ),
                g,
            )),
            ..allowed("8.6 service principal")
        },
        Case {
            principal: "cognito-identity.amazonaws.com",
            resource: Some((
                grant(
                    r#"{"Federated":"cognito-identity.amazonaws.com"}"#,
                    "s3:GetObject",
                    "Allow",
                ),
                g,
            )),
            ..allowed("8.6 federated principal")
        },
    ]);
}

#[test]
fn s8_6_not_principal_needs_the_whole_chain() {
    let all = allow("*", "*");
    let deny_np = |list: &str| grant_np(list);
    check(&[
        Case {
            principal: SESSION,
            identity: vec![all],
            resource: Some((
                deny_np(r#""arn:aws:sts::111122223333:assumed-role/app/s1""#),
                ResourcePolicyKind::Generic,
            )),
            ..explicit("8.6 NotPrincipal listing only the session: the account is still denied")
        },
        Case {
            principal: SESSION,
            identity: vec![all],
            resource: Some((
                deny_np(
                    r#""arn:aws:sts::111122223333:assumed-role/app/s1","arn:aws:iam::111122223333:role/app","arn:aws:iam::111122223333:root""#,
                ),
                ResourcePolicyKind::Generic,
            )),
            ..allowed("8.6 NotPrincipal listing account, role and session exempts the session")
        },
        Case {
            identity: vec![all],
            resource: Some((
                deny_np(r#""arn:aws:iam::111122223333:user/bob","arn:aws:iam::111122223333:root""#),
                ResourcePolicyKind::Generic,
            )),
            ..explicit("8.6 NotPrincipal with Deny denies everyone not listed")
        },
    ]);
}

fn grant_np(list: &str) -> &'static str {
    leak(format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Deny","NotPrincipal":{{"AWS":[{list}]}},"Action":"s3:*","Resource":"*"}}]}}"#
    ))
}

#[test]
fn unknown_operators_and_invalid_policies_are_errors() {
    // peers-iam.md section 3: iam-simulate evaluates `StringEqualz` as "no match".
    let bad = cond(r#"{"StringEqualz":{"aws:username":"alice"}}"#);
    let e = PolicyDoc::from_text("bad.json", bad, PolicyType::Identity).unwrap_err();
    assert!(e[0].message.contains("not a condition operator"), "{e:?}");
    assert!(e[0].message.contains("StringEquals"), "{e:?}");
    assert_eq!(e[0].location.line, 1);
    let e = PolicyDoc::from_text(
        "bad.json",
        r#"{"Statement":{"Effect":"Alow","Action":"s3:*","Resource":"*"}}"#,
        PolicyType::Identity,
    )
    .unwrap_err();
    assert!(e[0].message.contains("did you mean `Allow`"), "{e:?}");
}

#[test]
fn request_values_of_the_wrong_type_are_errors() {
    // iam-simulate#50 (peers-iam.md section 3): an invalid ARN in an
    // ArnNotLike context value silently flips the result.
    let set = PolicySet {
        identity: vec![doc(
            cond(r#"{"ArnNotLike":{"aws:SourceArn":"arn:aws:s3:::x"}}"#),
            PolicyType::Identity,
        )],
        ..PolicySet::default()
    };
    let mut ctx = Context::default();
    ctx.add("aws:SourceArn", "boop");
    let req = Request::new(USER, "s3:GetObject", OBJ)
        .unwrap()
        .with_context(ctx);
    let e = evaluate(&set, &req).unwrap_err();
    assert!(e.message.contains("not an ARN"), "{e}");
    let set = PolicySet {
        identity: vec![doc(
            cond(r#"{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}"#),
            PolicyType::Identity,
        )],
        ..PolicySet::default()
    };
    let mut ctx = Context::default();
    ctx.add("aws:SourceIp", "ten.one");
    let req = Request::new(USER, "s3:GetObject", OBJ)
        .unwrap()
        .with_context(ctx);
    assert!(evaluate(&set, &req).is_err());
}

#[test]
fn wildcards_run_in_linear_time() {
    let pattern = "arn:aws:s3:::*a*a*a*a*a*a*a*a*a*b";
    let resource = format!("arn:aws:s3:::{}", "a".repeat(20_000));
    let set = PolicySet {
        identity: vec![doc(allow("s3:*", pattern), PolicyType::Identity)],
        ..PolicySet::default()
    };
    let req = Request::new(USER, "s3:GetObject", &resource).unwrap();
    let start = std::time::Instant::now();
    assert_eq!(
        evaluate(&set, &req).unwrap().decision,
        Decision::ImplicitDeny
    );
    assert!(
        start.elapsed() < std::time::Duration::from_secs(2),
        "{:?}",
        start.elapsed()
    );
}

#[test]
fn seed_example_from_issue_4() {
    let path = std::path::Path::new("testdata/seed/ebs-snapshot-create-policy.json");
    let set = PolicySet {
        identity: vec![PolicyDoc::from_file(path, PolicyType::Identity).unwrap()],
        ..PolicySet::default()
    };
    let request = |tags: &[(&str, &str)]| {
        let mut ctx = Context::default();
        for (k, v) in [
            ("aws:username", "alice"),
            ("aws:TagKeys", "costcenter"),
            ("aws:TagKeys", "User"),
        ]
        .iter()
        .chain(tags)
        {
            ctx.add(k, v);
        }
        Request::new(
            "arn:aws:iam::123456789012:user/alice",
            "ec2:CreateSnapshot",
            "arn:aws:ec2:us-east-1::snapshot/*",
        )
        .unwrap()
        .with_context(ctx)
    };
    let ok = evaluate(
        &set,
        &request(&[
            ("aws:RequestTag/costcenter", "115"),
            ("aws:RequestTag/User", "alice"),
        ]),
    )
    .unwrap();
    assert_eq!(ok.decision, Decision::Allowed);
    let deciding: Vec<_> = ok.deciding_statements().collect();
    assert_eq!(deciding.len(), 1);
    assert_eq!(
        deciding[0].sid.as_deref(),
        Some("AllowCreateTaggedSnapshots")
    );
    assert_eq!(deciding[0].location.line, 15);
    let missing = evaluate(&set, &request(&[("aws:RequestTag/costcenter", "115")])).unwrap();
    assert_eq!(missing.decision, Decision::ImplicitDeny);
    assert_eq!(
        missing.missing_context_keys,
        vec!["aws:RequestTag/User".to_string()]
    );
    let failed = missing
        .trace
        .iter()
        .find(|t| t.sid.as_deref() == Some("AllowCreateTaggedSnapshots"))
        .unwrap();
    let c = failed.conditions.iter().find(|c| !c.matched).unwrap();
    assert_eq!(c.key, "aws:RequestTag/User");
    assert_eq!(
        c.policy_values,
        vec!["alice".to_string()],
        "the variable is shown resolved"
    );
    assert_eq!(c.request_values, None);
    let wrong = evaluate(
        &set,
        &request(&[
            ("aws:RequestTag/costcenter", "116"),
            ("aws:RequestTag/User", "alice"),
        ]),
    )
    .unwrap();
    assert_eq!(wrong.decision, Decision::ImplicitDeny);
}
