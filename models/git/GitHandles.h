#pragma once

// Private to models/git: the only header that includes <git2.h>. Every libgit2 handle the
// layer uses is owned by one of these smart pointers, freed by its own git_*_free, so no
// early return can leak one.

#include <git2.h>

#include <memory>

namespace agentdesk::git::detail {

template<typename T, void (*Free)(T *)>
struct HandleDeleter
{
    void operator()(T *handle) const { Free(handle); }
};

template<typename T, void (*Free)(T *)>
using Handle = std::unique_ptr<T, HandleDeleter<T, Free>>;

using RepositoryHandle = Handle<git_repository, git_repository_free>;
using ReferenceHandle = Handle<git_reference, git_reference_free>;
using BlobHandle = Handle<git_blob, git_blob_free>;
using CommitHandle = Handle<git_commit, git_commit_free>;
using TreeHandle = Handle<git_tree, git_tree_free>;
using ObjectHandle = Handle<git_object, git_object_free>;
using DiffHandle = Handle<git_diff, git_diff_free>;
using PatchHandle = Handle<git_patch, git_patch_free>;
using IndexHandle = Handle<git_index, git_index_free>;
using WorktreeHandle = Handle<git_worktree, git_worktree_free>;
using SignatureHandle = Handle<git_signature, git_signature_free>;
using RevwalkHandle = Handle<git_revwalk, git_revwalk_free>;
using BranchIteratorHandle = Handle<git_branch_iterator, git_branch_iterator_free>;
using StatusListHandle = Handle<git_status_list, git_status_list_free>;
using OdbHandle = Handle<git_odb, git_odb_free>;
using ConfigHandle = Handle<git_config, git_config_free>;

// git_strarray and git_buf are structs owned by value; these free their contents.
struct StrArray
{
    git_strarray array{nullptr, 0};
    StrArray() = default;
    StrArray(const StrArray &) = delete;
    StrArray &operator=(const StrArray &) = delete;
    ~StrArray() { git_strarray_dispose(&array); }
};

struct Buffer
{
    git_buf buf = GIT_BUF_INIT;
    Buffer() = default;
    Buffer(const Buffer &) = delete;
    Buffer &operator=(const Buffer &) = delete;
    ~Buffer() { git_buf_dispose(&buf); }
};

} // namespace agentdesk::git::detail
