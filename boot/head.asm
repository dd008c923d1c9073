; startup_32: the first kernel code to run, at its physical address.
;
; The loader leaves us in 32-bit protected mode, paging off, with the boot
; magic in EAX and the physical address of its information block in EBX
; (Multiboot 1 spec 3.2, Multiboot 2 spec 3.3).  First verify_cpu
; (verify_cpu.asm) makes sure the CPU can run the rest -- an i486 or later
; -- and records what it is for the C code.  We map the first 16 MiB both
; at 0 and at PAGE_OFFSET, turn paging on, jump to the linked (high) address,
; drop the identity map and call start_kernel(magic, info).  The 16 MiB is
; enough for the image, its bitmap and the page tables paging_init() takes
; from bootmem before it maps the rest of low memory.

; Built by hand, these tables must have the layout the C code's page-table
; header gives it.  Without PAE (arch/x86/include/asm/pgtable-2level.h):
; 4-byte entries, 1024 to a table, a PDE per 4 MiB (PGDIR_SHIFT 22).  With
; PAE (make PAE=1, -DCONFIG_X86_PAE; asm/pgtable-3level.h, Intel SDM vol.
; 3A 4.4): 8-byte entries, 512 to a table, a page-directory-pointer table
; of 4 entries (swapper_pg_dir) each pointing to a page directory of its
; own (swapper_pg_pmd), a PDE per 2 MiB.  C sees them as pgd_t
; swapper_pg_dir[PTRS_PER_PGD], pte_t pg0[] (asm/pgtable.h) and pte_t
; fixmap_pte[PTRS_PER_PTE] (asm/fixmap.h); PTE_PRESENT_RW is PAGE_KERNEL
; and _KERNPG_TABLE, the fixmap entry maps FIXMAP_PTE_BASE.
PAGE_OFFSET	equ 0xC0000000
BOOT_MAP_SIZE	equ 16 << 20		; mapped at 0 and at PAGE_OFFSET
PTE_PRESENT_RW	equ 0x003
CR0_PG		equ 0x80000000
%ifdef CONFIG_X86_PAE
PTE_SIZE	equ 8
PTRS_PER_PTE	equ 512
PMD_SHIFT	equ 21
PGDIR_SHIFT	equ 30
PTRS_PER_PGD	equ 4
; A PDPTE has no R/W or U/S bit: they are reserved there (SDM Table 4-8).
PDPTE_PRESENT	equ 0x001
CR4_PAE		equ 1 << 5
; Byte offsets into swapper_pg_pmd, one page per PDPTE, of the PDEs for
; PAGE_OFFSET and for the last 2 MiB (the fixmaps).
PMD_KERNEL	equ (PAGE_OFFSET >> PGDIR_SHIFT) * 4096 + ((PAGE_OFFSET >> PMD_SHIFT) & 511) * PTE_SIZE
PMD_FIXMAP	equ (PTRS_PER_PGD - 1) * 4096 + 511 * PTE_SIZE
%else
PTE_SIZE	equ 4
PTRS_PER_PTE	equ 1024
PMD_SHIFT	equ 22
PMD_KERNEL	equ (PAGE_OFFSET >> PMD_SHIFT) * PTE_SIZE
PMD_FIXMAP	equ 1023 * PTE_SIZE	; the top 4 MiB: fixmap and early remaps
%endif
BOOT_MAP_PMDS	equ BOOT_MAP_SIZE >> PMD_SHIFT	; page tables in pg0

%define PHYS(x) ((x) - PAGE_OFFSET)

extern start_kernel, verify_cpu
extern __bss_start, __bss_stop

global startup_32
global swapper_pg_dir, pg0, fixmap_pte
%ifdef CONFIG_X86_PAE
global swapper_pg_pmd
%endif
global boot_stack_guard, boot_stack, boot_stack_top

section .boot.text
startup_32:
	cli
	cld
	mov	esi, eax		; keep magic and info across the set-up
	mov	ebp, ebx

	; The loaders zero .bss, but the spec leaves "undefined" memory
	; undefined, and the page tables below live there.
	mov	edi, PHYS(__bss_start)
	mov	ecx, PHYS(__bss_stop)
	sub	ecx, edi
	shr	ecx, 2
	xor	eax, eax
	rep stosd

	; The loader leaves ESP undefined (Multiboot 1 spec 3.2): the boot
	; stack, at its physical address until paging is on.  EFLAGS to a
	; known state, as Linux's head_32.S does: IF, DF, NT, AC all clear.
	mov	esp, PHYS(boot_stack_top)
	push	dword 0
	popfd
	call	verify_cpu		; returns only on a CPU we can run on

	; pg0: the page frames 0 .. 16 MiB, in order.  With PAE each entry's
	; high half stays zero (from the .bss clear above): all of it is
	; below 4 GiB.
	mov	edi, PHYS(pg0)
	mov	eax, PTE_PRESENT_RW
	mov	ecx, PTRS_PER_PTE * BOOT_MAP_PMDS
.fill_pte:
	mov	[edi], eax
	add	edi, PTE_SIZE
	add	eax, 0x1000
	loop	.fill_pte

%ifdef CONFIG_X86_PAE
	; All four PDPTEs present from the start, each with its own page
	; directory, as 2.4's pagetable_init() sets them: C code then walks
	; pgd -> pmd with no empty pgd to check for, and no PDPTE changes
	; after CR3 is loaded (the CPU caches them then, SDM 4.4.1).
	mov	edi, PHYS(swapper_pg_dir)
	mov	eax, PHYS(swapper_pg_pmd) + PDPTE_PRESENT
	xor	ecx, ecx
.fill_pgd:
	mov	[edi + ecx * 8], eax
	add	eax, 0x1000
	inc	ecx
	cmp	ecx, PTRS_PER_PGD
	jne	.fill_pgd
	mov	edi, PHYS(swapper_pg_pmd)
%else
	mov	edi, PHYS(swapper_pg_dir)
%endif

	; Each page table appears twice: at 0 (so the next fetch after the
	; CR0 write still works) and at PAGE_OFFSET.
	mov	eax, PHYS(pg0) + PTE_PRESENT_RW
	xor	ecx, ecx
.fill_pmd:
	mov	[edi + ecx * PTE_SIZE], eax
	mov	[edi + PMD_KERNEL + ecx * PTE_SIZE], eax
	add	eax, 0x1000
	inc	ecx
	cmp	ecx, BOOT_MAP_PMDS
	jne	.fill_pmd
	mov	dword [edi + PMD_FIXMAP], PHYS(fixmap_pte) + PTE_PRESENT_RW

%ifdef CONFIG_X86_PAE
	; CR4.PAE before CR0.PG, or the CPU would read these tables as
	; 32-bit ones (SDM 4.1.2).  verify_cpu has made sure there is PAE,
	; and so CR4 (tests/harness/isa.py allows CR4 here by this label).
.enable_pae:
	mov	eax, cr4
	or	eax, CR4_PAE
	mov	cr4, eax
%endif
	mov	eax, PHYS(swapper_pg_dir)
	mov	cr3, eax
	mov	eax, cr0
	or	eax, CR0_PG
	mov	cr0, eax
	mov	eax, start_high
	jmp	eax

section .text
start_high:
	; Running at PAGE_OFFSET now: the identity map has done its job.
%ifdef CONFIG_X86_PAE
	mov	edi, swapper_pg_pmd
%else
	mov	edi, swapper_pg_dir
%endif
	xor	eax, eax
	mov	ecx, BOOT_MAP_PMDS * PTE_SIZE / 4
	rep stosd
	mov	eax, cr3
	mov	cr3, eax

	mov	esp, boot_stack_top
	push	ebp			; info (physical)
	push	esi			; magic
	xor	ebp, ebp		; a zero frame pointer ends backtraces
	call	start_kernel
.halt:
	cli
	hlt
	jmp	.halt

section .bss
align 4096
%ifdef CONFIG_X86_PAE
swapper_pg_pmd:		resb 4096 * PTRS_PER_PGD
%else
swapper_pg_dir:		resb 4096
%endif
pg0:			resb 4096 * BOOT_MAP_PMDS
fixmap_pte:		resb 4096
; One unmapped-able page under the boot stack catches overflows (the
; stack_overflow fault test relies on it being page aligned and alone).
boot_stack_guard:	resb 4096
boot_stack:		resb 16384
boot_stack_top:
%ifdef CONFIG_X86_PAE
; CR3 holds the page-directory-pointer table's address in bits 31:5: the
; table is 32-byte aligned (SDM 4.4.1).
align 32
swapper_pg_dir:		resb 8 * PTRS_PER_PGD
%endif
