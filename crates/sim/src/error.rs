//! Service-side errors: what the AWS API itself would reject, with AWS's code and message.
//!
//! `code()` is AWS's error code; `Display` is AWS's message. Messages marked [OBSERVED] in
//! shared/docs/aws-reference.md §B2/§E are quoted from real responses; the others follow the
//! wording of AWS responses as reproduced by widely used emulators, and say so.

/// An error returned by the simulated service.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApiError {
    /// An error a service module owns (its code and message are the service's): services
    /// built on their own request and response types report through this one variant
    /// instead of adding theirs to this core enum.
    #[error("{message}")]
    Service { code: &'static str, message: String },
    /// One or more ids do not exist in this account and Region.
    #[error("{}", not_found_instances(.0))]
    InstanceNotFound(Vec<String>),
    #[error("Invalid id: \"{0}\"")]
    InstanceIdMalformed(String),
    #[error("The image id '[{0}]' does not exist")]
    ImageNotFound(String),
    #[error("Invalid id: \"{0}\" (expecting \"ami-...\")")]
    ImageIdMalformed(String),
    #[error("The key pair '{0}' does not exist")]
    KeyPairNotFound(String),
    #[error("The subnet ID '{0}' does not exist")]
    SubnetNotFound(String),
    #[error("Invalid value '{0}' for InstanceType.")]
    InvalidInstanceType(String),
    /// A real EC2 type the sandbox has no model of. The message is the sandbox's; the code
    /// is EC2's for a configuration it does not support (EC2 API error codes: Unsupported).
    #[error(
        "The instance type '{instance_type}' exists on AWS, but this sandbox does not offer it. Choose one of: {offered}."
    )]
    InstanceTypeNotInSandbox { instance_type: String, offered: String },
    #[error("Invalid availability zone: [{0}]")]
    InvalidAvailabilityZone(String),
    /// `--placement AvailabilityZone=…` names another zone than the subnet's.
    #[error("The specified Availability Zone ({az}) does not match the subnet's Availability Zone ({subnet_az}).")]
    SubnetZoneMismatch { az: String, subnet_az: String },
    #[error("{0}")]
    InvalidParameterValue(String),
    #[error("The filter '{0}' is invalid")]
    InvalidFilter(String),
    #[error("The request must contain the parameter {0}")]
    MissingParameter(String),
    /// [OBSERVED] cloud-custodian#6014.
    #[error("Instance '{0}' cannot be stopped as it has never reached the 'running' state.")]
    StopBeforeRunning(String),
    /// Wording follows the start message below; the stop-side text was not observed.
    #[error("The instance '{0}' is not in a state from which it can be stopped.")]
    CannotStop(String),
    /// [OBSERVED] canonical/ubuntu-pro-client#1697.
    #[error("The instance '{0}' is not in a state from which it can be started.")]
    CannotStart(String),
    /// [UNVERIFIED] rebooting a stopped instance; §B2 expects IncorrectInstanceState.
    #[error("The instance '{0}' is not in a state from which it can be rebooted.")]
    CannotReboot(String),
    /// ModifyInstanceAttribute of instanceType/userData while not stopped (EC2UG Stop_Start).
    #[error("The instance '{0}' is not in the 'stopped' state.")]
    NotStopped(String),
    /// [OBSERVED] mitchellh/vagrant-aws#193.
    #[error("The instance '{0}' does not have an 'ebs' root device type and cannot be stopped.")]
    StopInstanceStoreRoot(String),
    /// StartInstances on an instance-store root (BC-EC2 StartInstances: "returns an error").
    #[error("The instance '{0}' does not have an 'ebs' root device type and cannot be started.")]
    StartInstanceStoreRoot(String),
    /// [OBSERVED] cloud-custodian#10594.
    #[error("The instance '{0}' may not be stopped. Modify its 'disableApiStop' instance attribute and try again.")]
    StopProtected(String),
    /// Termination protection (BC-EC2 TerminateInstances; EC2UG terminating-instances).
    #[error(
        "The instance '{0}' may not be terminated. Modify its 'disableApiTermination' instance attribute and try again."
    )]
    TerminationProtected(String),
    /// Stop protection also blocks API termination (EC2UG Stop_Start).
    #[error("The instance '{0}' may not be terminated. Modify its 'disableApiStop' instance attribute and try again.")]
    TerminationBlockedByStopProtection(String),
    /// An instance-store-backed image on a type that cannot boot one.
    #[error(
        "The instance type '{instance_type}' does not support instance store-backed AMIs. Choose an instance type that supports the 'instance-store' root device type."
    )]
    RootDeviceTypeUnsupported { instance_type: String },
    /// Changing the type of an instance-store-backed instance (EC2UG ec2-instance-resize).
    #[error("The instance '{0}' does not have an 'ebs' root device type; its instance type cannot be changed.")]
    ResizeInstanceStoreRoot(String),
    #[error("Value ({0}) for parameter attribute is invalid. Unknown attribute.")]
    UnknownAttribute(String),
    /// EBS optimization asked of a type that has none (STO-04).
    #[error("The instance type '{0}' does not support EBS optimization.")]
    EbsOptimizedUnsupported(String),
    /// ModifyInstanceAttribute with an instance type that does not exist (§B2).
    #[error("The instance type '{0}' is not valid.")]
    InvalidInstanceAttributeValue(String),
    /// RunInstances without an instance type falls back to m1.small, which the sandbox lacks.
    #[error(
        "No instance type was given, so EC2 would use its default, m1.small, which this sandbox does not offer. Choose one with --instance-type (for example t3.micro)."
    )]
    DefaultInstanceTypeUnavailable,
    #[error("There are not enough free addresses in subnet '{0}' to satisfy the requested number of instances.")]
    InsufficientFreeAddresses(String),
    /// [OBSERVED] wording as reproduced by moto `InvalidKeyPairDuplicateError`.
    #[error("The keypair '{0}' already exists.")]
    KeyPairDuplicate(String),
    /// [OBSERVED] moto `InvalidKeyPairFormatError` (aws-reference.md §B7).
    #[error("Key is not in valid OpenSSH public key format")]
    KeyPairFormat,
    #[error("The key type '{0}' is not supported. Import an RSA or ED25519 key.")]
    KeyTypeNotSupported(String),
    /// EC2's error-code list (EC2 API Reference, "Error codes") has no code for a malformed
    /// key pair id, unlike instances, volumes and snapshots; the request names a bad
    /// parameter value, so the sandbox answers InvalidParameterValue with the "Invalid id"
    /// wording EC2 uses for the other ids.
    #[error("Invalid id: \"{0}\" (expecting \"key-...\")")]
    KeyPairIdMalformed(String),
    #[error("Maximum of 5000 key pairs per Region reached.")]
    KeyPairLimitExceeded,
    /// PPK is a real key format; the sandbox returns PEM only.
    #[error("The sandbox creates key material in PEM format only; use --key-format pem.")]
    PpkNotInSandbox,
    /// Guest file access needs the OS to be up (sandbox, not an AWS API).
    #[error("instance {0} is not running, so its file systems are not mounted")]
    GuestNotRunning(String),
    #[error("instance {instance} has no device {device}")]
    GuestNoDevice { instance: String, device: String },
    #[error("{0}")]
    GuestPath(String),
    /// CloudWatch's parameter validation (its code is ValidationError, not EC2's names).
    #[error("{0}")]
    CloudWatchValidation(String),
    #[error("Alarm(s) not found: {0}")]
    AlarmNotFound(String),
    #[error("{0}")]
    CloudWatchCombination(String),
    #[error("Invalid id: \"{0}\" (expecting \"vol-...\")")]
    VolumeIdMalformed(String),
    /// moto InvalidVolumeIdError wording.
    #[error("The volume '{0}' does not exist.")]
    VolumeNotFound(String),
    #[error("The zone '{0}' does not exist.")]
    ZoneNotFound(String),
    #[error("The snapshot '{0}' does not exist.")]
    SnapshotNotFound(String),
    #[error("Invalid id: \"{0}\" (expecting \"snap-...\")")]
    SnapshotIdMalformed(String),
    #[error("Snapshot '{0}' is not completed yet: a volume can be created from a completed snapshot only.")]
    SnapshotNotCompleted(String),
    #[error("Unsupported volume type '{0}' for volume creation.")]
    UnknownVolumeType(String),
    #[error("{0}")]
    InvalidParameterCombination(String),
    #[error("{0}")]
    InvalidParameterDependency(String),
    /// [OBSERVED] gist arubis/d7e4fd88 (aws-reference.md §B2).
    #[error("{0} is not 'available'.")]
    VolumeNotAvailable(String),
    /// [OBSERVED] ansible-collections/amazon.aws#497.
    #[error("Instance '{0}' is not 'running'.")]
    InstanceNotReadyForAttach(String),
    #[error("The volume '{volume}' is not in the same availability zone as instance '{instance}'")]
    VolumeZoneMismatch { volume: String, instance: String },
    #[error("Volume '{volume}' is in the '{state}' state.")]
    VolumeNotAttached { volume: String, state: &'static str },
    /// moto InvalidVolumeAttachmentError wording.
    #[error("Volume {volume} can not be detached from {instance} because it is not attached")]
    AttachmentNotFound { volume: String, instance: String },
    /// [UNVERIFIED] wording; the rule is BC-EC2 DetachVolume ("stop the instance first").
    #[error("Unable to detach root volume '{volume}' from instance '{instance}'")]
    DetachRootOfRunning { volume: String, instance: String },
    /// AttachVolume of a volume that is attached: VolumeInUse, as AWS answers (EC2 API error
    /// codes: "The specified EBS volume is attached to an instance").
    #[error("{0} is already attached to an instance")]
    VolumeAlreadyAttached(String),
    /// moto VolumeInUseError wording.
    #[error("Volume {volume} is currently attached to {instance}")]
    VolumeInUse { volume: String, instance: String },
    /// [OBSERVED] aws-reference.md §E ModifyVolume.
    #[error("Volume {volume} cannot be modified in modification state {state}")]
    IncorrectModificationState { volume: String, state: String },
    #[error(
        "You've reached the maximum modification rate per volume limit. Wait at least 6 hours between modifications per EBS volume."
    )]
    VolumeModificationRateExceeded,
    #[error("No device is currently mapped at {device} on instance {instance}")]
    NoDeviceMapped { device: String, instance: String },
    #[error("Invalid value '{instance}' for instanceId. Instance does not have a volume attached at root ({device})")]
    NoRootVolume { instance: String, device: String },
    #[error("The instance '{0}' is instance-store-backed; CreateImage makes images of EBS-backed instances.")]
    CreateImageInstanceStore(String),
    #[error("Instance '{0}' is not in a state from which an image can be created: it must be running or stopped.")]
    CreateImageState(String),
    #[error(
        "AMI names must be between 3 and 128 characters long, and may contain letters, numbers, '(', ')', '.', '-', '/' and '_'"
    )]
    ImageNameMalformed,
    #[error("AMI name {name} is already in use by AMI {image}")]
    ImageNameDuplicate { name: String, image: String },
    #[error("{0}")]
    InvalidBlockDeviceMapping(String),
    #[error("Invalid region: {0}")]
    InvalidRegion(String),
    #[error("The image id '[{0}]' is not available: it is still pending.")]
    ImageNotAvailable(String),
    #[error("You do not own the image '{0}'; only its owner can change or deregister it.")]
    NotImageOwner(String),
    #[error("Invalid attribute item value \"{0}\" for launchPermission item type.")]
    InvalidAmiAttributeValue(String),
    /// Wording seen in AWS responses (aws-reference.md §B5; packer issue 7410).
    #[error("Snapshots encrypted with the AWS Managed CMK can't be shared. Specify another snapshot.")]
    EncryptedImageNotShareable(String),
    /// Wording seen in AWS responses (packer issue 7499).
    #[error("Encrypted snapshots with EBS default key cannot be shared")]
    EncryptedSnapshotDefaultKey(String),
    /// EC2UG ebs-modifying-snapshot-permissions: encrypted snapshots cannot be public. The
    /// message is the sandbox's; the code is AWS's.
    #[error("Encrypted snapshots cannot be made public; share them with specific accounts.")]
    EncryptedSnapshotPublic(String),
    #[error("Value ({0}) for parameter userId is invalid. Expected a 12-digit account ID or the group 'all'.")]
    InvalidSnapshotPermission(String),
    /// moto InvalidSnapshotInUse wording (aws-reference.md §B5).
    #[error("The snapshot {snapshot} is currently in use by {image}")]
    SnapshotInUse { snapshot: String, image: String },
    /// The wording EC2 uses for InsufficientInstanceCapacity.
    #[error(
        "We currently do not have sufficient {instance_type} capacity in the Availability Zone you requested ({zone}). Our system will be working on provisioning additional capacity. You can currently get {instance_type} capacity by not specifying an Availability Zone in your request or choosing {others}."
    )]
    InsufficientCapacity { instance_type: String, zone: String, others: String },
    #[error("The instance '{0}' does not support automatic recovery (instance store volumes).")]
    UnsupportedAutoRecovery(String),
    #[error("The event ID '{0}' does not exist")]
    InstanceEventNotFound(String),
    /// [UNVERIFIED] wording; the rule (system events cannot be moved) is INS-09.
    #[error("Rescheduling is not supported for {0} events.")]
    EventNotReschedulable(String),
    #[error("The requested start time must be in the future and no later than the event's deadline.")]
    EventStartOutOfRange,
    #[error("The following supplied instance types do not exist: [{}]", .0.join(", "))]
    UnknownInstanceTypes(Vec<String>),
}

fn not_found_instances(ids: &[String]) -> String {
    if ids.len() == 1 {
        format!("The instance ID '{}' does not exist", ids.first().map_or("", String::as_str))
    } else {
        format!("The instance IDs '{}' do not exist", ids.join(", "))
    }
}

impl ApiError {
    /// AWS's error code, as the CLI prints it in `An error occurred (Code) …`.
    pub fn code(&self) -> &'static str {
        use ApiError::*;
        match self {
            Service { code, .. } => code,
            InstanceNotFound(_) => "InvalidInstanceID.NotFound",
            InstanceIdMalformed(_) => "InvalidInstanceID.Malformed",
            ImageNotFound(_) => "InvalidAMIID.NotFound",
            ImageIdMalformed(_) => "InvalidAMIID.Malformed",
            KeyPairNotFound(_) => "InvalidKeyPair.NotFound",
            SubnetNotFound(_) => "InvalidSubnetID.NotFound",
            InstanceTypeNotInSandbox { .. } => "Unsupported",
            InvalidInstanceType(_) | InvalidAvailabilityZone(_) | InvalidParameterValue(_) | InvalidFilter(_) => {
                "InvalidParameterValue"
            }
            SubnetZoneMismatch { .. } | RootDeviceTypeUnsupported { .. } => "InvalidParameterCombination",
            MissingParameter(_) => "MissingParameter",
            StopBeforeRunning(_) | CannotStop(_) | CannotStart(_) | CannotReboot(_) | NotStopped(_) => {
                "IncorrectInstanceState"
            }
            StopInstanceStoreRoot(_) | StartInstanceStoreRoot(_) | ResizeInstanceStoreRoot(_) => "UnsupportedOperation",
            StopProtected(_) | TerminationProtected(_) | TerminationBlockedByStopProtection(_) => {
                "OperationNotPermitted"
            }
            UnknownAttribute(_) => "InvalidParameterValue",
            EbsOptimizedUnsupported(_) => "InvalidParameterCombination",
            InvalidInstanceAttributeValue(_) => "InvalidInstanceAttributeValue",
            UnknownInstanceTypes(_) => "InvalidInstanceType",
            DefaultInstanceTypeUnavailable => "InvalidParameterCombination",
            InsufficientFreeAddresses(_) => "InsufficientFreeAddressesInSubnet",
            KeyPairDuplicate(_) => "InvalidKeyPair.Duplicate",
            KeyPairFormat | KeyTypeNotSupported(_) => "InvalidKeyPair.Format",
            KeyPairIdMalformed(_) => "InvalidParameterValue",
            KeyPairLimitExceeded => "ResourceLimitExceeded",
            PpkNotInSandbox => "InvalidParameterValue",
            GuestNotRunning(_) => "IncorrectInstanceState",
            VolumeIdMalformed(_) => "InvalidVolumeID.Malformed",
            VolumeNotFound(_) => "InvalidVolume.NotFound",
            ZoneNotFound(_) => "InvalidZone.NotFound",
            SnapshotNotFound(_) => "InvalidSnapshot.NotFound",
            InsufficientCapacity { .. } => "InsufficientInstanceCapacity",
            UnsupportedAutoRecovery(_) | EventNotReschedulable(_) => "UnsupportedOperation",
            // Spelled without a dot in EC2's error-code list (EC2 API Reference, "Error codes").
            InstanceEventNotFound(_) => "InvalidInstanceEventIDNotFound",
            EventStartOutOfRange => "InvalidParameterValue",
            CreateImageInstanceStore(_) => "UnsupportedOperation",
            CreateImageState(_) => "IncorrectInstanceState",
            ImageNameMalformed => "InvalidAMIName.Malformed",
            ImageNameDuplicate { .. } => "InvalidAMIName.Duplicate",
            InvalidBlockDeviceMapping(_) => "InvalidBlockDeviceMapping",
            InvalidRegion(_) => "InvalidRequest",
            ImageNotAvailable(_) => "InvalidAMIID.Unavailable",
            NotImageOwner(_) => "AuthFailure",
            InvalidAmiAttributeValue(_) => "InvalidAMIAttributeItemValue",
            EncryptedImageNotShareable(_) => "InvalidParameter",
            EncryptedSnapshotDefaultKey(_) | EncryptedSnapshotPublic(_) => "OperationNotPermitted",
            InvalidSnapshotPermission(_) => "InvalidParameterValue",
            SnapshotInUse { .. } => "InvalidSnapshot.InUse",
            SnapshotIdMalformed(_) => "InvalidSnapshotID.Malformed",
            SnapshotNotCompleted(_) => "IncorrectState",
            UnknownVolumeType(_) => "UnknownVolumeType",
            InvalidParameterCombination(_) => "InvalidParameterCombination",
            InvalidParameterDependency(_) => "InvalidParameterDependency",
            VolumeNotAvailable(_)
            | InstanceNotReadyForAttach(_)
            | VolumeNotAttached { .. }
            | DetachRootOfRunning { .. } => "IncorrectState",
            VolumeZoneMismatch { .. } => "InvalidVolume.ZoneMismatch",
            AttachmentNotFound { .. } => "InvalidAttachment.NotFound",
            VolumeInUse { .. } | VolumeAlreadyAttached(_) => "VolumeInUse",
            IncorrectModificationState { .. } => "IncorrectModificationState",
            VolumeModificationRateExceeded => "VolumeModificationRateExceeded",
            NoDeviceMapped { .. } => "InvalidInstanceAttributeValue",
            NoRootVolume { .. } => "InvalidParameterValue",
            GuestNoDevice { .. } | GuestPath(_) => "InvalidParameterValue",
            CloudWatchValidation(_) => "ValidationError",
            AlarmNotFound(_) => "ResourceNotFound",
            CloudWatchCombination(_) => "InvalidParameterCombination",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_messages_are_awss() {
        let e = ApiError::StopBeforeRunning("i-0c763e339f70bdb29".into());
        assert_eq!(e.code(), "IncorrectInstanceState");
        assert_eq!(
            e.to_string(),
            "Instance 'i-0c763e339f70bdb29' cannot be stopped as it has never reached the 'running' state."
        );
        let e = ApiError::InstanceNotFound(vec!["i-1".into(), "i-2".into()]);
        assert_eq!(e.to_string(), "The instance IDs 'i-1, i-2' do not exist");
        assert_eq!(e.code(), "InvalidInstanceID.NotFound");
    }
}
