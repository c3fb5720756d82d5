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


PROFILES: tuple[Profile, ...] = (
    Profile(
        slug=DEMO_PROFILE_SLUG,
        display_name="2 vCPU, 4 GB",
        description="The standard Lab server: small notebooks and simulations.",
        plan="standard",
        cpu=2,
        memory_gb=4,
        gpu=False,
        credits_per_minute=0.23,
        spawner_type="kubespawner",
        cluster_id=DEMO_CLUSTER_ID,
    ),
    Profile(
        slug="cpu-4-16",
        display_name="4 vCPU, 16 GB",
        description="More memory for larger state-vector simulations.",
        plan="pro",
        cpu=4,
        memory_gb=16,
        gpu=False,
        credits_per_minute=0.46,
        spawner_type="kubespawner",
        cluster_id=DEMO_CLUSTER_ID,
    ),
    Profile(
        slug="gpu-t4",
        display_name="NVIDIA T4, 4 vCPU, 16 GB",
        description="GPU-accelerated simulation with CUDA Quantum and cuQuantum.",
        plan="pro",
        cpu=4,
        memory_gb=16,
        gpu=True,
        credits_per_minute=2.5,
        spawner_type="kubespawner",
        cluster_id=DEMO_CLUSTER_ID,
        vendors=("nvidia",),
    ),
    Profile(
        slug="vm-cpu-8-32",
        display_name="On-demand 8 vCPU, 32 GB",
        description="A machine of your own, billed by the minute; stop it to pay storage only.",
        plan="standard",
        cpu=8,
        memory_gb=32,
        gpu=False,
        credits_per_minute=0.9,
        spawner_type=ON_DEMAND_SPAWNER,
        cluster_id=None,
    ),
    Profile(
        slug="vm-gpu-l4",
        display_name="On-demand NVIDIA L4, 8 vCPU, 32 GB",
        description="A GPU machine of your own; it cannot be stopped, only terminated.",
        plan="pro",
        cpu=8,
        memory_gb=32,
        gpu=True,
        credits_per_minute=8.5,
        spawner_type=ON_DEMAND_SPAWNER,
        cluster_id=None,
        has_capacity=False,
        vendors=("nvidia",),
    ),
)

PROFILES_BY_SLUG = {profile.slug: profile for profile in PROFILES}
CLUSTER_IDS = frozenset(p.cluster_id for p in PROFILES if p.cluster_id)
