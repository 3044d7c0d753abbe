// Each browser test class starts the whole app with its own chain; on two cores, running them one after
// another keeps timings (the 10 s and 90 s limits) meaningful.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
