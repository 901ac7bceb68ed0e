//! The benchmarks' workload: EC2/EBS/SNS through AWS CLI lines, the same operations in the
//! same order and counts at every size N, run natively (`cargo bench -p kumo-cli --bench
//! workload`) and in headless Chromium (`scripts/bench-browser`), so the two are compared on
//! one definition. A moto server ran the EC2/EBS/SNS part of a comparable workload at 19–31
//! calls/s on the development machine (issue "Cost per change"); the budget is at least
//! 1,000 calls/s at N = 10,000 natively, and the browser within 3× of native.
//!
//! Per size N: one SNS topic with an email subscription; N instances (RunInstances of 20 at a
//! time, spread over the zones), then one gp2 volume per instance, attached, and a snapshot of
//! each; N single-instance and N single-volume Describe calls; a tenth of the instances
//! stopped and started again; 100 publishes and 100 topic listings; every instance terminated.
//! Each line goes through the whole CLI (parse, validate, the request, the response document,
//! the text output), as a learner's typed lines do. The clock is the caller's: this crate
//! reads no wall clock.

use crate::Session;

const ZONES: [&str; 6] = ["us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d", "us-east-1e", "us-east-1f"];

/// What a run did: calls made, and the seconds they (and the clock advances between them)
/// took.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tally {
    pub calls: usize,
    pub secs: f64,
}

impl Tally {
    pub fn per_sec(&self) -> f64 {
        self.calls as f64 / self.secs
    }
}

struct Run<'a> {
    session: Session,
    now: &'a mut dyn FnMut() -> f64,
    tally: Tally,
}

impl Run<'_> {
    fn call(&mut self, line: &str) -> Result<String, String> {
        let t = (self.now)();
        let out = self.session.run_line(line);
        self.tally.secs += (self.now)() - t;
        self.tally.calls += 1;
        if out.exit != 0 {
            return Err(format!("{line}: {}", out.stderr));
        }
        Ok(out.stdout)
    }

    fn advance(&mut self, by: &str) {
        let t = (self.now)();
        let _ = self.session.run_line(&format!("sim advance {by}"));
        self.tally.secs += (self.now)() - t;
    }
}

/// Runs the workload at size `n`, timing it with `now` (seconds from any origin).
pub fn run(n: usize, now: &mut dyn FnMut() -> f64) -> Result<Tally, String> {
    let mut r = Run { session: Session::new(3, kumo_sim::Profile::Current), now, tally: Tally { calls: 0, secs: 0.0 } };
    let topic = r.call("aws sns create-topic --name alerts --query TopicArn --output text")?.trim().to_string();
    r.call(&format!("aws sns subscribe --topic-arn {topic} --protocol email --notification-endpoint ops@example.com"))?;
    let mut instances: Vec<(String, &str)> = Vec::new();
    for batch in 0..n.div_ceil(20) {
        let zone = ZONES[batch % 6];
        let count = (n - batch * 20).min(20);
        let ids = r.call(&format!(
            "aws ec2 run-instances --image-id {{ami:al2023}} --instance-type t3.micro --count {count} \
             --placement AvailabilityZone={zone} --query Instances[].InstanceId --output text"
        ))?;
        instances.extend(ids.split_whitespace().map(|i| (i.to_string(), zone)));
    }
    r.advance("5m");
    let mut volumes = Vec::new();
    for (_, zone) in &instances {
        let line = format!(
            "aws ec2 create-volume --availability-zone {zone} --size 8 --volume-type gp2 --query VolumeId --output text"
        );
        volumes.push(r.call(&line)?.trim().to_string());
    }
    r.advance("1m");
    for ((i, _), v) in instances.iter().zip(&volumes) {
        r.call(&format!("aws ec2 attach-volume --volume-id {v} --instance-id {i} --device /dev/sdf"))?;
    }
    r.advance("1m");
    for v in &volumes {
        r.call(&format!(
            "aws ec2 create-snapshot --volume-id {v} --description nightly --query SnapshotId --output text"
        ))?;
    }
    for (i, _) in &instances {
        r.call(&format!(
            "aws ec2 describe-instances --instance-ids {i} --query Reservations[].Instances[].State.Name --output text"
        ))?;
    }
    for v in &volumes {
        r.call(&format!("aws ec2 describe-volumes --volume-ids {v} --query Volumes[].State --output text"))?;
    }
    let tenth: Vec<String> = instances.iter().step_by(10).map(|(i, _)| i.clone()).collect();
    for i in &tenth {
        r.call(&format!("aws ec2 stop-instances --instance-ids {i} --output text"))?;
    }
    r.advance("3m");
    for i in &tenth {
        r.call(&format!("aws ec2 start-instances --instance-ids {i} --output text"))?;
    }
    r.advance("3m");
    for k in 0..100 {
        r.call(&format!("aws sns publish --topic-arn {topic} --message 'disk {k} is full'"))?;
        r.call("aws sns list-topics --output text")?;
    }
    for chunk in instances.chunks(50) {
        let ids: Vec<&str> = chunk.iter().map(|(i, _)| i.as_str()).collect();
        r.call(&format!("aws ec2 terminate-instances --instance-ids {} --output text", ids.join(" ")))?;
    }
    r.advance("10m");
    Ok(r.tally)
}
