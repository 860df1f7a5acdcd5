namespace Ifcb.Push;

/// <summary>What the hub said to one push.</summary>
public enum PushOutcome
{
    /// <summary>201: stored now.</summary>
    Stored,

    /// <summary>200: the hub already had this (bin, model).</summary>
    AlreadyStored,

    /// <summary>400/413/404/422: the payload is refused for good.</summary>
    Rejected,

    /// <summary>401/403: the token is wrong or lacks this dataset; nothing will pass until it is fixed.</summary>
    Unauthorized,

    /// <summary>Link down, timeout or a server error even after the retries: try again later.</summary>
    Transient,
}
