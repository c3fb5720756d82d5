// One plugin that activates and does nothing: what module federation alone costs an
// extension at Lab's start, measured by `make bench` beside ours.
module.exports = [
  {
    id: 'qbraid-bench-floor:plugin',
    description: 'Activates and does nothing.',
    autoStart: true,
    activate: () => {}
  }
];
