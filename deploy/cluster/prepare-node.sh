#!/usr/bin/env bash
# Prepares a Debian or Ubuntu machine to be a Kubernetes node for OpenTwin/J: containerd with
# the systemd cgroup driver, swap off, the overlay and br_netfilter modules, the sysctls
# Kubernetes networking needs, and kubeadm, kubelet and kubectl of one pinned minor version.
# Run it as root on every Linux node, control plane and workers alike; running it again
# changes nothing that is already right. Then `kubeadm init` or `kubeadm join` (docs/cluster.md).
#
#   sudo deploy/cluster/prepare-node.sh [--kubernetes-version 1.32] [--skip-packages]
#
# --skip-packages leaves package installation to you (air-gapped machines, other distributions):
# the script then only configures what is installed.
set -euo pipefail

KUBERNETES_MINOR="1.32"
INSTALL_PACKAGES=true

usage() {
    sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'
}

while [[ $# -gt 0 ]]; do
    case "$1" in
        --kubernetes-version)
            [[ $# -ge 2 ]] || { echo "prepare-node: --kubernetes-version needs a value such as 1.32" >&2; exit 2; }
            KUBERNETES_MINOR="$2"
            shift 2
            ;;
        --skip-packages)
            INSTALL_PACKAGES=false
            shift
            ;;
        -h|--help)
            usage
            exit 0
            ;;
        *)
            echo "prepare-node: unknown argument '$1' (see --help)" >&2
            exit 2
            ;;
    esac
done

if [[ ! "$KUBERNETES_MINOR" =~ ^1\.[0-9]+$ ]]; then
    echo "prepare-node: --kubernetes-version must be a minor version such as 1.32, not '$KUBERNETES_MINOR'" >&2
    exit 2
fi
if [[ "$(id -u)" -ne 0 ]]; then
    echo "prepare-node: run me as root (sudo $0): I change kernel settings, /etc/fstab and system services" >&2
    exit 1
fi

log() {
    echo "prepare-node: $*"
}

# --- swap: the kubelet refuses to start with swap on (by default) -----------------------------
if swapon --show --noheadings | grep -q .; then
    log "turning swap off"
    swapoff -a
fi
# Comment out swap lines in /etc/fstab so it stays off after a reboot (once: the sed matches
# only lines not yet commented out).
if grep -Eq '^[^#].*[[:space:]]swap[[:space:]]' /etc/fstab; then
    log "disabling swap in /etc/fstab (backup in /etc/fstab.before-kubernetes)"
    cp -n /etc/fstab /etc/fstab.before-kubernetes
    sed -Ei 's/^([^#].*[[:space:]]swap[[:space:]].*)$/# \1/' /etc/fstab
fi
# systemd may activate swap partitions or files by itself.
for unit in $(systemctl list-units --type=swap --no-legend --plain 2>/dev/null | awk '{print $1}'); do
    log "masking $unit"
    systemctl mask --now "$unit"
done

# --- kernel modules and sysctls ----------------------------------------------------------------
cat > /etc/modules-load.d/kubernetes.conf <<'MODULES'
# Container layers (overlayfs) and bridged pod traffic seen by iptables (br_netfilter).
overlay
br_netfilter
MODULES
modprobe overlay
modprobe br_netfilter

cat > /etc/sysctl.d/99-kubernetes.conf <<'SYSCTL'
# Bridged pod traffic passes iptables (kube-proxy's Service rules, NetworkPolicies).
net.bridge.bridge-nf-call-iptables = 1
net.bridge.bridge-nf-call-ip6tables = 1
# Nodes route pod traffic.
net.ipv4.ip_forward = 1
SYSCTL
sysctl --quiet --system

# --- packages ----------------------------------------------------------------------------------
if [[ "$INSTALL_PACKAGES" == true ]]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q containerd apt-transport-https ca-certificates curl gpg
    keyring=/etc/apt/keyrings/kubernetes-apt-keyring.gpg
    source_list=/etc/apt/sources.list.d/kubernetes.list
    repository="https://pkgs.k8s.io/core:/stable:/v${KUBERNETES_MINOR}/deb/"
    if [[ ! -f "$source_list" ]] || ! grep -qF "$repository" "$source_list"; then
        log "adding the Kubernetes v${KUBERNETES_MINOR} package repository"
        install -m 0755 -d /etc/apt/keyrings
        curl -fsSL "${repository}Release.key" | gpg --batch --yes --dearmor -o "$keyring"
        echo "deb [signed-by=${keyring}] ${repository} /" > "$source_list"
        apt-get update -q
    fi
    apt-get install -y -q kubelet kubeadm kubectl
    # Upgrades of these are deliberate (docs/operations.md), never a side effect of apt upgrade.
    apt-mark hold kubelet kubeadm kubectl
fi
for tool in containerd kubeadm kubelet; do
    command -v "$tool" >/dev/null || { echo "prepare-node: $tool is not installed" >&2; exit 1; }
done

# --- containerd with the systemd cgroup driver --------------------------------------------------
# The kubelet uses systemd's cgroup driver (kubeadm-init.yaml); containerd must use the same.
mkdir -p /etc/containerd
if [[ ! -s /etc/containerd/config.toml ]]; then
    log "writing containerd's default configuration"
    containerd config default > /etc/containerd/config.toml
fi
if grep -Eq '^[[:space:]]*SystemdCgroup[[:space:]]*=[[:space:]]*false' /etc/containerd/config.toml; then
    log "switching containerd to the systemd cgroup driver"
    sed -Ei 's/^([[:space:]]*SystemdCgroup[[:space:]]*=[[:space:]]*)false/\1true/' /etc/containerd/config.toml
    systemctl restart containerd
elif ! grep -Eq '^[[:space:]]*SystemdCgroup[[:space:]]*=[[:space:]]*true' /etc/containerd/config.toml; then
    echo "prepare-node: /etc/containerd/config.toml has no SystemdCgroup setting; set SystemdCgroup = true under the runc" \
        "runtime's options (plugins.\"io.containerd.grpc.v1.cri\".containerd.runtimes.runc.options) and run me again" >&2
    exit 1
fi
systemctl enable --now containerd
systemctl enable kubelet

log "done: swap off, overlay and br_netfilter loaded, sysctls set, containerd uses the systemd cgroup driver"
log "next: kubeadm init --config deploy/cluster/kubeadm-init.yaml (first node) or kubeadm join (docs/cluster.md)"
