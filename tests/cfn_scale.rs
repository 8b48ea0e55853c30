//! CloudFormation rules stay bounded on large and adversarial templates.

use std::fmt::Write as _;
use std::path::Path;
use std::time::{Duration, Instant};

use cloudlint::config::Settings;
use cloudlint::lint::{RunOptions, lint_text};
use cloudlint::rules::all_rules;
use cloudlint::source::walk::PathFilter;

fn lint(text: String) -> (cloudlint::lint::FileResult, Duration) {
    let settings = Settings::default();
    let rules = all_rules();
    let opts = RunOptions {
        paths: vec![],
        filter: PathFilter::default(),
        forced_kind: None,
        settings: &settings,
        rules: &rules,
    };
    let start = Instant::now();
    let result = lint_text(Path::new("big.json"), text, &opts);
    (result, start.elapsed())
}

#[test]
fn five_thousand_resources() {
    let mut resources = String::new();
    for i in 0..1000 {
        let _ = write!(
            resources,
            r#""Sg{i}": {{"Type": "AWS::EC2::SecurityGroup", "Properties": {{"GroupDescription": "d", "SecurityGroupIngress": [{{"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "CidrIp": {{"Fn::If": ["C{c}", "0.0.0.0/0", "10.0.0.0/8"]}}}}]}}}},
"Rt{i}": {{"Type": "AWS::EC2::RouteTable", "Properties": {{"VpcId": "vpc-1"}}}},
"R{i}": {{"Type": "AWS::EC2::Route", "Properties": {{"RouteTableId": {{"Ref": "Rt{i}"}}, "DestinationCidrBlock": "0.0.0.0/0", "GatewayId": {{"Ref": "Igw"}}}}}},
"S{i}": {{"Type": "AWS::EC2::Subnet", "Properties": {{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/24", "MapPublicIpOnLaunch": true}}}},
"A{i}": {{"Type": "AWS::EC2::SubnetRouteTableAssociation", "Properties": {{"SubnetId": {{"Ref": "S{i}"}}, "RouteTableId": {{"Ref": "Rt{i}"}}}}}},
"#,
            c = i % 10
        );
    }
    let mut conditions = String::new();
    for c in 0..10 {
        let _ = write!(
            conditions,
            r#""C{c}": {{"Fn::Equals": [{{"Ref": "P"}}, "{c}"]}},"#
        );
    }
    let text = format!(
        r#"{{"Parameters": {{"P": {{"Type": "String"}}}}, "Conditions": {{{}}}, "Resources": {{{} "Igw": {{"Type": "AWS::EC2::InternetGateway"}}}}}}"#,
        conditions.trim_end_matches(','),
        resources
    );
    let (result, took) = lint(text);
    let count = |code: &str| result.diagnostics.iter().filter(|d| d.code == code).count();
    assert_eq!(count("CFN105"), 1000);
    assert_eq!(count("CFN101"), 1000);
    assert!(result.diagnostics.iter().all(|d| d.code != "SYN007"));
    assert!(took < Duration::from_secs(60), "took {took:?}");
}

#[test]
fn deeply_nested_intrinsics() {
    // 120 levels of Fn::If are 240 levels of tree, just under the parsers'
    // default nesting limit (256).
    let depth = 120;
    let mut value = String::from("\"0.0.0.0/0\"");
    for _ in 0..depth {
        value = format!(r#"{{"Fn::If": ["C", {value}, {{"Fn::Sub": "x"}}]}}"#);
    }
    let text = format!(
        r#"{{"Conditions": {{"C": {{"Fn::Equals": [{{"Ref": "AWS::Region"}}, "x"]}}}}, "Resources": {{"Sg": {{"Type": "AWS::EC2::SecurityGroup", "Properties": {{"GroupDescription": "d", "SecurityGroupIngress": [{{"IpProtocol": "-1", "CidrIp": {value}}}]}}}}}}}}"#
    );
    let (result, took) = lint(text);
    assert!(
        result
            .diagnostics
            .iter()
            .all(|d| d.code != "SYN007" && d.code != "SYN005"),
        "{:?}",
        result.diagnostics
    );
    assert!(took < Duration::from_secs(30), "took {took:?}");
    let open: Vec<&str> = result
        .diagnostics
        .iter()
        .filter(|d| d.code == "CFN104")
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(
        open,
        [
            "security group Sg admits all traffic (every protocol and port) from 0.0.0.0/0, the whole internet (when condition C is true)"
        ]
    );
}
