// Every test here starts the app in this process (WebApplicationFactory hooks host construction through a
// process-wide diagnostic listener) and the machine has two cores: one test at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
