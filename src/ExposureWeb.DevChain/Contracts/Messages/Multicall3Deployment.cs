using ExposureWeb.DevChain.Deployment;
using Nethereum.Contracts;

namespace ExposureWeb.DevChain.Contracts.Messages;

/// <summary>Creation of Multicall3 (no constructor arguments).</summary>
public sealed class Multicall3Deployment() : ContractDeploymentMessage(ContractArtifact.Load("Multicall3").BytecodeHex);
