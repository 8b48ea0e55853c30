//! The authorization of the RunInstances call itself: `ec2:RunInstances` on
//! every resource the launch creates or uses, each with the condition keys
//! the request implies; then `ec2:CreateTags` for requested tags and
//! `iam:PassRole` for the instance profile's role. A denial here fails the
//! call at once (`UnauthorizedOperation`).
//!
//! Sources: "Example policies for working with the AWS CLI or an AWS SDK"
//! (<https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ExamplePolicies_EC2.html>,
//! "Launch instances (RunInstances)"), "Grant permission to tag resources
//! during creation" (`ec2:CreateAction`), and the EC2 condition keys of the
//! Service Authorization Reference.

use super::Caller;
use super::check::{Ask, Check, decide};
use super::launch::{Launch, PlannedVolume};
use crate::ec2::Surface;
use crate::iam::eval::Context;

fn base_context(region: &str) -> Context {
    let mut c = Context::default();
    c.add("aws:RequestedRegion", region);
    c.add("ec2:Region", region);
    c
}

fn add_tags(c: &mut Context, tags: &[(String, String)]) {
    if tags.is_empty() {
        return;
    }
    for (k, v) in tags {
        c.add(&format!("aws:RequestTag/{k}"), v);
    }
    c.set("aws:TagKeys", tags.iter().map(|(k, _)| k.clone()).collect());
}

/// The EC2 checks, in order.
///
/// # Errors
/// What the evaluator refuses (a malformed principal).
pub fn ec2_checks(
    caller: &Caller,
    region: &str,
    surface: Surface,
    launch: &Launch,
    volumes: &[PlannedVolume],
    instance_profile_role: Option<&str>,
) -> Result<Vec<Check>, String> {
    let arn = |kind: &str, id: &str| {
        format!(
            "arn:{}:ec2:{region}:{}:{kind}/{id}",
            caller.partition, caller.account
        )
    };
    let mut asks: Vec<Ask<'_>> = Vec::new();
    let run = "ec2:RunInstances";

    let mut instance = base_context(region);
    if let Some(t) = &launch.instance_type {
        instance.add("ec2:InstanceType", t);
    }
    if let Some(p) = launch
        .instance_profile
        .as_ref()
        .filter(|p| p.starts_with("arn:"))
    {
        instance.add("ec2:InstanceProfile", p);
    }
    add_tags(&mut instance, &launch.tags_for("instance"));
    asks.push(ask(
        caller,
        run,
        arn("instance", "*"),
        "the instance",
        instance,
        vec![],
    ));

    for v in volumes {
        let (context, notes) = volume_context(caller, region, launch, v);
        asks.push(ask(
            caller,
            run,
            arn("volume", "*"),
            &format!("volume {}", v.label()),
            context,
            notes,
        ));
    }

    let subnet = launch
        .subnet_id
        .as_ref()
        .map_or_else(|| arn("subnet", "*"), |s| arn("subnet", s));
    let mut nic = base_context(region);
    nic.add("ec2:Subnet", &subnet);
    asks.push(ask(
        caller,
        run,
        arn("network-interface", "*"),
        "the network interface",
        nic,
        vec![],
    ));
    let subnet_note = if launch.subnet_id.is_none() {
        vec!["no SubnetId: the default subnet of the default VPC".to_string()]
    } else {
        vec![]
    };
    asks.push(ask(
        caller,
        run,
        subnet,
        "the subnet",
        base_context(region),
        subnet_note,
    ));
    if launch.security_group_ids.is_empty() {
        asks.push(ask(
            caller,
            run,
            arn("security-group", "*"),
            "the security group",
            base_context(region),
            vec!["no SecurityGroupIds: the VPC's default security group".to_string()],
        ));
    }
    for sg in &launch.security_group_ids {
        asks.push(ask(
            caller,
            run,
            arn("security-group", sg),
            &format!("security group {sg}"),
            base_context(region),
            vec![],
        ));
    }
    let image = launch.image_id.as_deref().unwrap_or("*");
    let image_note = if launch.image_id.is_none() {
        vec!["the request names no image (for a mapping file, `aws ec2 run-instances --image-id`): any image matches".to_string()]
    } else {
        vec![]
    };
    asks.push(ask(
        caller,
        run,
        format!("arn:{}:ec2:{region}::image/{image}", caller.partition),
        "the image",
        base_context(region),
        image_note,
    ));
    if let Some(k) = &launch.key_name {
        asks.push(ask(
            caller,
            run,
            arn("key-pair", k),
            &format!("key pair {k}"),
            base_context(region),
            vec![],
        ));
    }
    for v in volumes {
        if let Some(s) = &v.snapshot_id {
            asks.push(ask(
                caller,
                run,
                format!("arn:{}:ec2:{region}::snapshot/{s}", caller.partition),
                &format!("snapshot {s} of volume {}", v.label()),
                base_context(region),
                vec![],
            ));
        }
    }
    if let Some(lt) = &launch.launch_template {
        let id = if lt.starts_with("lt-") {
            lt.as_str()
        } else {
            "*"
        };
        asks.push(ask(
            caller,
            run,
            arn("launch-template", id),
            &format!("launch template {lt}"),
            base_context(region),
            vec![],
        ));
    } else if surface == Surface::LaunchTemplateData {
        asks.push(ask(
            caller,
            run,
            arn("launch-template", "*"),
            "the launch template launched from",
            base_context(region),
            vec![],
        ));
    }

    let mut tagged: Vec<&str> = launch
        .tag_specs
        .iter()
        .map(|s| s.resource_type.as_str())
        .collect();
    tagged.dedup();
    for kind in tagged {
        let mut c = base_context(region);
        c.add("ec2:CreateAction", "RunInstances");
        add_tags(&mut c, &launch.tags_for(kind));
        asks.push(ask(
            caller,
            "ec2:CreateTags",
            arn(kind, "*"),
            &format!("tags on the new {kind}"),
            c,
            vec![
                "tags requested in TagSpecifications: EC2 also authorizes ec2:CreateTags"
                    .to_string(),
            ],
        ));
    }

    // Without the role, iam:PassRole is not checked; the report says so.
    if let (Some(_), Some(role)) = (&launch.instance_profile, instance_profile_role) {
        let mut c = Context::default();
        c.add("iam:PassedToService", "ec2.amazonaws.com");
        asks.push(ask(
            caller,
            "iam:PassRole",
            role.to_string(),
            "the instance profile's role",
            c,
            vec![],
        ));
    }

    asks.into_iter()
        .map(|a| decide(&caller.set, a).map(|(c, _)| c))
        .collect()
}

fn ask<'a>(
    caller: &'a Caller,
    action: &'a str,
    resource: String,
    about: &str,
    context: Context,
    notes: Vec<String>,
) -> Ask<'a> {
    Ask {
        principal: &caller.principal,
        action,
        resource,
        about: about.to_string(),
        purpose: None,
        context,
        notes,
    }
}

/// The condition keys of a volume: its resolved encryption, type, size,
/// performance, key, parent snapshot and requested tags.
fn volume_context(
    caller: &Caller,
    region: &str,
    launch: &Launch,
    v: &PlannedVolume,
) -> (Context, Vec<String>) {
    let mut c = base_context(region);
    let mut notes = Vec::new();
    c.add(
        "ec2:Encrypted",
        if v.encrypted() { "true" } else { "false" },
    );
    if v.encrypted() && v.encrypted_requested != Some(true) && v.snapshot_key.is_none() {
        notes.push(
            "ec2:Encrypted is taken as the volume's resolved state (encrypted by default); AWS does not document whether the key reflects encryption by default"
                .to_string(),
        );
    }
    match &v.volume_type {
        Some(t) => c.add("ec2:VolumeType", t),
        None => notes.push(
            "no VolumeType: ec2:VolumeType is left out (the type then comes from the AMI or EC2's default)"
                .to_string(),
        ),
    }
    if let Some(n) = v.size_gib {
        c.add("ec2:VolumeSize", &n.to_string());
    }
    if let Some(n) = v.iops {
        c.add("ec2:VolumeIops", &n.to_string());
    }
    if let Some(n) = v.throughput {
        c.add("ec2:VolumeThroughput", &n.to_string());
    }
    if let Some(k) = &v.kms_key_requested {
        c.add("ec2:KmsKeyId", k);
    }
    if let Some(s) = &v.snapshot_id {
        c.add(
            "ec2:ParentSnapshot",
            &format!("arn:{}:ec2:{region}::snapshot/{s}", caller.partition),
        );
    }
    add_tags(&mut c, &launch.tags_for("volume"));
    (c, notes)
}
