"""The compute profiles the emulator offers: fixed data, the same for every account.

Subscription profiles run on the platform's JupyterHub cluster and are paid with the
plan's CPU hours (credits once those run out); ``docker-vm`` profiles are on-demand
instances paid per minute from the wallet. The demo's Lab server runs ``cpu-2-4``.
"""

from __future__ import annotations

from dataclasses import dataclass

DEMO_CLUSTER_ID = "qbraid-demo-cluster"
DEMO_PROFILE_SLUG = "cpu-2-4"
ON_DEMAND_SPAWNER = "docker-vm"
# What a stopped on-demand instance keeps paying for its disk, in credits a minute.
STORAGE_CREDITS_PER_MINUTE = 0.02


@dataclass(frozen=True)
class Profile:
    slug: str
    display_name: str
    description: str
    plan: str
    cpu: float
    memory_gb: float
    gpu: bool
    credits_per_minute: float
    spawner_type: str
    cluster_id: str | None
    has_capacity: bool = True
    vendors: tuple[str, ...] = ()

    @property
    def on_demand(self) -> bool:
        return self.spawner_type == ON_DEMAND_SPAWNER

    @property
    def billing_mode(self) -> str:
        return "credits" if self.on_demand or self.gpu else "compute-hours"

    @property
    def dollars_per_hour(self) -> float:
        # 1 credit = US$0.01.
        return round(self.credits_per_minute * 60 / 100, 4)


def _profile(
    slug: str,
    display_name: str,
    description: str,
    plan: str,
    cpu: float,
    memory_gb: float,
    credits_per_minute: float,
    *,
    on_demand: bool = False,
    gpu_vendor: str | None = None,
    has_capacity: bool = True,
) -> Profile:
    """Subscription profiles run on the demo cluster; on-demand ones on no cluster."""
    return Profile(
        slug=slug,
        display_name=display_name,
        description=description,
        plan=plan,
        cpu=cpu,
        memory_gb=memory_gb,
        gpu=gpu_vendor is not None,
        credits_per_minute=credits_per_minute,
        spawner_type=ON_DEMAND_SPAWNER if on_demand else "kubespawner",
        cluster_id=None if on_demand else DEMO_CLUSTER_ID,
        has_capacity=has_capacity,
        vendors=(gpu_vendor,) if gpu_vendor else (),
    )


# slug, name, description, plan, vCPUs, memory (GB), credits a minute
PROFILES: tuple[Profile, ...] = (
    _profile(
        DEMO_PROFILE_SLUG,
        "2 vCPU, 4 GB",
        "The standard Lab server: small notebooks and simulations.",
        "standard",
        2,
        4,
        0.23,
    ),
    _profile(
        "cpu-4-16",
        "4 vCPU, 16 GB",
        "More memory for larger state-vector simulations.",
        "pro",
        4,
        16,
        0.46,
    ),
    _profile(
        "gpu-t4",
        "NVIDIA T4, 4 vCPU, 16 GB",
        "GPU-accelerated simulation with CUDA Quantum and cuQuantum.",
        "pro",
        4,
        16,
        2.5,
        gpu_vendor="nvidia",
    ),
    _profile(
        "vm-cpu-8-32",
        "On-demand 8 vCPU, 32 GB",
        "A machine of your own, billed by the minute; stop it to pay storage only.",
        "standard",
        8,
        32,
        0.9,
        on_demand=True,
    ),
    _profile(
        "vm-gpu-l4",
        "On-demand NVIDIA L4, 8 vCPU, 32 GB",
        "A GPU machine of your own; it cannot be stopped, only terminated.",
        "pro",
        8,
        32,
        8.5,
        on_demand=True,
        gpu_vendor="nvidia",
        has_capacity=False,
    ),
)

PROFILES_BY_SLUG = {profile.slug: profile for profile in PROFILES}
CLUSTER_IDS = frozenset(p.cluster_id for p in PROFILES if p.cluster_id)
